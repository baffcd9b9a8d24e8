using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Egov.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CounterNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "NotifyApplicant",
                table: "os_dossiers",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "NotifyApplicant",
                table: "os_dossiers");
        }
    }
}
