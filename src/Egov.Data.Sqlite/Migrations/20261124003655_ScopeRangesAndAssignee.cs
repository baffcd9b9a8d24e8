using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Egov.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ScopeRangesAndAssignee : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_os_dossiers_ApplicantUserId",
                table: "os_dossiers");

            migrationBuilder.CreateIndex(
                name: "IX_os_dossiers_ApplicantUserId",
                table: "os_dossiers",
                column: "ApplicantUserId",
                filter: "\"ApplicantUserId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_os_dossiers_AssigneeId",
                table: "os_dossiers",
                column: "AssigneeId",
                filter: "\"AssigneeId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_os_dossiers_ApplicantUserId",
                table: "os_dossiers");

            migrationBuilder.DropIndex(
                name: "IX_os_dossiers_AssigneeId",
                table: "os_dossiers");

            migrationBuilder.CreateIndex(
                name: "IX_os_dossiers_ApplicantUserId",
                table: "os_dossiers",
                column: "ApplicantUserId");
        }
    }
}
