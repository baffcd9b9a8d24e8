using System.Text;
using Egov.Cli;

Console.OutputEncoding = Encoding.UTF8;
return await EgovCli.RunAsync(args, Console.Out, Console.Error);
