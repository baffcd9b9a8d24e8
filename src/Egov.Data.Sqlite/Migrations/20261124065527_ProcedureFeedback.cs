using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Egov.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ProcedureFeedback : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "os_procedure_feedback",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProcedureCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ProcedureName = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Contact = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_os_procedure_feedback", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_os_procedure_feedback_CreatedAt",
                table: "os_procedure_feedback",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_os_procedure_feedback_ProcedureCode_CreatedAt",
                table: "os_procedure_feedback",
                columns: new[] { "ProcedureCode", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "os_procedure_feedback");
        }
    }
}
