using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Egov.Data.Sqlite.Migrations
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProcedureId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Definition = table.Column<string>(type: "TEXT", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_proc_procedure_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "proc_procedures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    SearchName = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    FieldCode = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    OnlineLevel = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    ProcessingHours = table.Column<double>(type: "REAL", nullable: false),
                    CurrentVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    DemoCode = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
