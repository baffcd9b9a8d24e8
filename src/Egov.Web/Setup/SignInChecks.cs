using Egov.Identity;
using Microsoft.AspNetCore.Identity;

namespace Egov.Web.Setup;

public sealed record SignInCheck(bool Ok, int Status, string Message, EgovUser? User, bool UsedTwoFactor = false);

/// <summary>The password, lockout and second-factor rules shared by the sign-in page and the token endpoint.</summary>
public static class SignInChecks
{
    public const string WrongCredentials = "Sai tên đăng nhập hoặc mật khẩu.";
    public const string LockedOut = "Tài khoản tạm khóa do nhập sai nhiều lần; hãy thử lại sau 15 phút.";

    public static async Task<SignInCheck> CheckAsync(SignInManager<EgovUser> signIn, UserManager<EgovUser> users, AccountService accounts,
        string login, string password, string? otp)
    {
        var user = await accounts.FindForSignInAsync(login);
        if (user is null) return new(false, 401, WrongCredentials, null);
        var result = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (result.IsLockedOut || user.IsDisabled) return new(false, 429, user.IsDisabled ? WrongCredentials : LockedOut, user);
        if (!result.Succeeded) return new(false, 401, WrongCredentials, user);
        if (user.TwoFactorEnabled)
        {
            var code = (otp ?? "").Replace(" ", "");
            if (code.Length == 0) return new(false, 401, "Cần mã xác thực 6 chữ số từ ứng dụng xác thực (trường otp).", user);
            if (!await users.VerifyTwoFactorTokenAsync(user, TokenOptions.DefaultAuthenticatorProvider, code))
            {
                await users.AccessFailedAsync(user);
                return new(false, 401, "Mã xác thực không đúng hoặc đã hết hạn.", user);
            }
            await users.ResetAccessFailedCountAsync(user);
            return new(true, 200, "", user, UsedTwoFactor: true);
        }
        if (await accounts.MustUseTwoFactorAsync(user.Id))
            return new(false, 403, "Tài khoản quản trị phải cài đặt xác thực hai lớp trên trang web trước khi dùng API.", user);
        return new(true, 200, "", user);
    }
}
