using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Egov.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class PartySearchKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_os_dossiers_Search",
                table: "os_dossiers");

            migrationBuilder.DropIndex(
                name: "IX_os_dossier_parties_AgencyPath_DossierId",
                table: "os_dossier_parties");

            migrationBuilder.AddColumn<string>(
                name: "ApplicantIdNumber",
                table: "os_dossier_parties",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ApplicantSearchName",
                table: "os_dossier_parties",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Code",
                table: "os_dossier_parties",
                type: "character varying(40)",
                maxLength: 40,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "ReceivedAt",
                table: "os_dossier_parties",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            // The dossiers received before this version: their parties get the dossier's search keys.
            migrationBuilder.Sql("""
                UPDATE "os_dossier_parties" SET
                    "ReceivedAt" = (SELECT d."ReceivedAt" FROM "os_dossiers" d WHERE d."Id" = "os_dossier_parties"."DossierId"),
                    "Code" = (SELECT d."Code" FROM "os_dossiers" d WHERE d."Id" = "os_dossier_parties"."DossierId"),
                    "ApplicantIdNumber" = (SELECT d."ApplicantIdNumber" FROM "os_dossiers" d WHERE d."Id" = "os_dossier_parties"."DossierId"),
                    "ApplicantSearchName" = (SELECT d."ApplicantSearchName" FROM "os_dossiers" d WHERE d."Id" = "os_dossier_parties"."DossierId");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_os_dossier_parties_Search",
                table: "os_dossier_parties",
                columns: new[] { "AgencyPath", "ReceivedAt", "Code", "ApplicantIdNumber", "ApplicantSearchName", "DossierId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_os_dossier_parties_Search",
                table: "os_dossier_parties");

            migrationBuilder.DropColumn(
                name: "ApplicantIdNumber",
                table: "os_dossier_parties");

            migrationBuilder.DropColumn(
                name: "ApplicantSearchName",
                table: "os_dossier_parties");

            migrationBuilder.DropColumn(
                name: "Code",
                table: "os_dossier_parties");

            migrationBuilder.DropColumn(
                name: "ReceivedAt",
                table: "os_dossier_parties");

            migrationBuilder.CreateIndex(
                name: "IX_os_dossiers_Search",
                table: "os_dossiers",
                columns: new[] { "Id", "ReceivedAt", "Code", "ApplicantIdNumber", "ApplicantSearchName" });

            migrationBuilder.CreateIndex(
                name: "IX_os_dossier_parties_AgencyPath_DossierId",
                table: "os_dossier_parties",
                columns: new[] { "AgencyPath", "DossierId" });
        }
    }
}
