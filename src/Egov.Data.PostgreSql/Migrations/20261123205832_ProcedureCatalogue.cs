using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Egov.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class ProcedureCatalogue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "proc_procedure_versions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProcedureId = table.Column<Guid>(type: "uuid", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Definition = table.Column<string>(type: "text", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_proc_procedure_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "proc_procedures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    SearchName = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    FieldCode = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Level = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    OnlineLevel = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    ProcessingHours = table.Column<double>(type: "double precision", nullable: false),
                    CurrentVersion = table.Column<int>(type: "integer", nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    DemoCode = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_proc_procedures", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_proc_procedure_versions_ProcedureId_Version",
                table: "proc_procedure_versions",
                columns: new[] { "ProcedureId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_proc_procedures_Code",
                table: "proc_procedures",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_proc_procedures_FieldCode",
                table: "proc_procedures",
                column: "FieldCode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "proc_procedure_versions");

            migrationBuilder.DropTable(
                name: "proc_procedures");
        }
    }
}
