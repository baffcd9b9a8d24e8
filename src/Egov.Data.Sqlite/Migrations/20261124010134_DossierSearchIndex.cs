using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Egov.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DossierSearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_os_dossiers_Search",
                table: "os_dossiers",
                columns: new[] { "Id", "ReceivedAt", "Code", "ApplicantIdNumber", "ApplicantSearchName" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_os_dossiers_Search",
                table: "os_dossiers");
        }
    }
}
