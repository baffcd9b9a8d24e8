using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Egov.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class DossierEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ApplicantAddress",
                table: "os_dossiers",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ApplicantUserId",
                table: "os_dossiers",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "AssigneeId",
                table: "os_dossiers",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssigneeName",
                table: "os_dossiers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ClockStoppedAt",
                table: "os_dossiers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreatedBy",
                table: "os_dossiers",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "CurrentAgencyId",
                table: "os_dossiers",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "CurrentAgencyPath",
                table: "os_dossiers",
                type: "character varying(400)",
                maxLength: 400,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Extensions",
                table: "os_dossiers",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "FeeAmount",
                table: "os_dossiers",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<DateTime>(
                name: "FeePaidAt",
                table: "os_dossiers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FeeReference",
                table: "os_dossiers",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Field",
                table: "os_dossiers",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "IdempotencyKey",
                table: "os_dossiers",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "LocalAgencyId",
                table: "os_dossiers",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "OriginalAppointmentAt",
                table: "os_dossiers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "os_dossiers",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalAddress",
                table: "os_dossiers",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Rating",
                table: "os_dossiers",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RatingComment",
                table: "os_dossiers",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "RemainingWorkingHours",
                table: "os_dossiers",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReturnChannel",
                table: "os_dossiers",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTime>(
                name: "ReturnedAt",
                table: "os_dossiers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "SubmittedAt",
                table: "os_dossiers",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "AgencyId",
                table: "os_dossier_events",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AgencyName",
                table: "os_dossier_events",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IdempotencyKey",
                table: "os_dossier_events",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Sector",
                table: "dir_agencies",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "os_dossier_documents",
                columns: table => new
                {
                    DossierId = table.Column<Guid>(type: "uuid", nullable: false),
                    Index = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Originals = table.Column<int>(type: "integer", nullable: false),
                    Copies = table.Column<int>(type: "integer", nullable: false),
                    Mandatory = table.Column<bool>(type: "boolean", nullable: false),
                    Received = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_os_dossier_documents", x => new { x.DossierId, x.Index });
                });

            migrationBuilder.CreateTable(
                name: "os_dossier_files",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DossierId = table.Column<Guid>(type: "uuid", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    DocumentIndex = table.Column<int>(type: "integer", nullable: true),
                    EventSequence = table.Column<int>(type: "integer", nullable: true),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false),
                    UploadedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UploadedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_os_dossier_files", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "os_dossier_opinions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DossierId = table.Column<Guid>(type: "uuid", nullable: false),
                    State = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyName = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    AgencyPath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    AskedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AnsweredBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Agrees = table.Column<bool>(type: "boolean", nullable: true),
                    Text = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_os_dossier_opinions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "os_dossier_parties",
                columns: table => new
                {
                    DossierId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    AgencyPath = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_os_dossier_parties", x => new { x.DossierId, x.AgencyId, x.Role });
                });

            migrationBuilder.CreateIndex(
                name: "IX_os_dossiers_ApplicantIdNumber",
                table: "os_dossiers",
                column: "ApplicantIdNumber");

            migrationBuilder.CreateIndex(
                name: "IX_os_dossiers_ApplicantUserId",
                table: "os_dossiers",
                column: "ApplicantUserId");

            migrationBuilder.CreateIndex(
                name: "IX_os_dossiers_CompletedAt_StepDueAt",
                table: "os_dossiers",
                columns: new[] { "CompletedAt", "StepDueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_os_dossiers_CreatedBy_IdempotencyKey",
                table: "os_dossiers",
                columns: new[] { "CreatedBy", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_os_dossiers_CurrentAgencyPath_StepRole",
                table: "os_dossiers",
                columns: new[] { "CurrentAgencyPath", "StepRole" });

            migrationBuilder.CreateIndex(
                name: "IX_os_dossiers_ReceivedAt",
                table: "os_dossiers",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_os_dossier_events_DossierId_IdempotencyKey",
                table: "os_dossier_events",
                columns: new[] { "DossierId", "IdempotencyKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_os_dossier_files_DossierId",
                table: "os_dossier_files",
                column: "DossierId");

            migrationBuilder.CreateIndex(
                name: "IX_os_dossier_opinions_AgencyPath_AnsweredAt",
                table: "os_dossier_opinions",
                columns: new[] { "AgencyPath", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_os_dossier_opinions_DossierId_State_AgencyId",
                table: "os_dossier_opinions",
                columns: new[] { "DossierId", "State", "AgencyId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_os_dossier_parties_AgencyPath_DossierId",
                table: "os_dossier_parties",
                columns: new[] { "AgencyPath", "DossierId" });

            // Dossiers received before hand-offs existed are acted on, and seen, by their receiving agency.
            migrationBuilder.Sql("UPDATE os_dossiers SET \"CurrentAgencyId\" = \"ReceivingAgencyId\", \"CurrentAgencyPath\" = \"AgencyPath\" WHERE \"CurrentAgencyPath\" = '';");
            migrationBuilder.Sql("INSERT INTO os_dossier_parties (\"DossierId\", \"AgencyId\", \"AgencyPath\", \"Role\") SELECT \"Id\", \"ReceivingAgencyId\", \"AgencyPath\", 'Receiving' FROM os_dossiers;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "os_dossier_documents");

            migrationBuilder.DropTable(
                name: "os_dossier_files");

            migrationBuilder.DropTable(
                name: "os_dossier_opinions");

            migrationBuilder.DropTable(
                name: "os_dossier_parties");

            migrationBuilder.DropIndex(
                name: "IX_os_dossiers_ApplicantIdNumber",
                table: "os_dossiers");

            migrationBuilder.DropIndex(
                name: "IX_os_dossiers_ApplicantUserId",
                table: "os_dossiers");

            migrationBuilder.DropIndex(
                name: "IX_os_dossiers_CompletedAt_StepDueAt",
                table: "os_dossiers");

            migrationBuilder.DropIndex(
                name: "IX_os_dossiers_CreatedBy_IdempotencyKey",
                table: "os_dossiers");

            migrationBuilder.DropIndex(
                name: "IX_os_dossiers_CurrentAgencyPath_StepRole",
                table: "os_dossiers");

            migrationBuilder.DropIndex(
                name: "IX_os_dossiers_ReceivedAt",
                table: "os_dossiers");

            migrationBuilder.DropIndex(
                name: "IX_os_dossier_events_DossierId_IdempotencyKey",
                table: "os_dossier_events");

            migrationBuilder.DropColumn(
                name: "ApplicantAddress",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "ApplicantUserId",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "AssigneeId",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "AssigneeName",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "ClockStoppedAt",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "CreatedBy",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "CurrentAgencyId",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "CurrentAgencyPath",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "Extensions",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "FeeAmount",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "FeePaidAt",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "FeeReference",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "Field",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "IdempotencyKey",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "LocalAgencyId",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "OriginalAppointmentAt",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "PostalAddress",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "Rating",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "RatingComment",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "RemainingWorkingHours",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "ReturnChannel",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "ReturnedAt",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "SubmittedAt",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "AgencyId",
                table: "os_dossier_events");

            migrationBuilder.DropColumn(
                name: "AgencyName",
                table: "os_dossier_events");

            migrationBuilder.DropColumn(
                name: "IdempotencyKey",
                table: "os_dossier_events");

            migrationBuilder.DropColumn(
                name: "Sector",
                table: "dir_agencies");
        }
    }
}
