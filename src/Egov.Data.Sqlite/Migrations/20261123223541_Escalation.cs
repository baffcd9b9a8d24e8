using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Egov.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Escalation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "os_escalation_rules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OverdueWorkingHours = table.Column<double>(type: "REAL", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    TargetRole = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ProcedureCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_os_escalation_rules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "os_escalations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DossierId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RuleCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    StepStartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    OverdueWorkingHours = table.Column<double>(type: "REAL", nullable: false),
                    AppliedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_os_escalations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "plat_job_leases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    LeasedUntil = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastStartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastFinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastOutcome = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    LastHolder = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plat_job_leases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "plat_notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecipientUserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RecipientRole = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    RecipientAgencyPath = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Link = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ReadAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DedupeKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plat_notifications", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_os_escalation_rules_Code",
                table: "os_escalation_rules",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_os_escalations_DossierId_RuleCode_StepStartedAt",
                table: "os_escalations",
                columns: new[] { "DossierId", "RuleCode", "StepStartedAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plat_notifications_DedupeKey",
                table: "plat_notifications",
                column: "DedupeKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plat_notifications_RecipientRole_RecipientAgencyPath_CreatedAt",
                table: "plat_notifications",
                columns: new[] { "RecipientRole", "RecipientAgencyPath", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_plat_notifications_RecipientUserId_CreatedAt",
                table: "plat_notifications",
                columns: new[] { "RecipientUserId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "os_escalation_rules");

            migrationBuilder.DropTable(
                name: "os_escalations");

            migrationBuilder.DropTable(
                name: "plat_job_leases");

            migrationBuilder.DropTable(
                name: "plat_notifications");
        }
    }
}
