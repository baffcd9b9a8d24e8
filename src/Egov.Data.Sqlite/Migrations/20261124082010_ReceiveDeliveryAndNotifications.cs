using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Egov.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ReceiveDeliveryAndNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PostalCommune",
                table: "os_submission_drafts",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalCommuneCode",
                table: "os_submission_drafts",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalCommuneName",
                table: "os_submission_drafts",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalPhone",
                table: "os_submission_drafts",
                type: "TEXT",
                maxLength: 30,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalProvinceCode",
                table: "os_submission_drafts",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalRecipientName",
                table: "os_submission_drafts",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalCommuneCode",
                table: "os_dossiers",
                type: "TEXT",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalCommuneName",
                table: "os_dossiers",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalPhone",
                table: "os_dossiers",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PostalRecipientName",
                table: "os_dossiers",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "plat_contact_preferences",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EmailEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    NotifyEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    SmsEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    NotifyPhone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plat_contact_preferences", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "plat_dev_sms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plat_dev_sms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "plat_outbound_messages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    MessageBody = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    DedupeKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ClaimedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClaimedUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plat_outbound_messages", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_plat_dev_sms_SentAt",
                table: "plat_dev_sms",
                column: "SentAt");

            migrationBuilder.CreateIndex(
                name: "IX_plat_outbound_messages_DedupeKey",
                table: "plat_outbound_messages",
                column: "DedupeKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_plat_outbound_messages_Status_NextAttemptAt",
                table: "plat_outbound_messages",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_plat_outbound_messages_UserId_CreatedAt",
                table: "plat_outbound_messages",
                columns: new[] { "UserId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "plat_contact_preferences");

            migrationBuilder.DropTable(
                name: "plat_dev_sms");

            migrationBuilder.DropTable(
                name: "plat_outbound_messages");

            migrationBuilder.DropColumn(
                name: "PostalCommune",
                table: "os_submission_drafts");

            migrationBuilder.DropColumn(
                name: "PostalCommuneCode",
                table: "os_submission_drafts");

            migrationBuilder.DropColumn(
                name: "PostalCommuneName",
                table: "os_submission_drafts");

            migrationBuilder.DropColumn(
                name: "PostalPhone",
                table: "os_submission_drafts");

            migrationBuilder.DropColumn(
                name: "PostalProvinceCode",
                table: "os_submission_drafts");

            migrationBuilder.DropColumn(
                name: "PostalRecipientName",
                table: "os_submission_drafts");

            migrationBuilder.DropColumn(
                name: "PostalCommuneCode",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "PostalCommuneName",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "PostalPhone",
                table: "os_dossiers");

            migrationBuilder.DropColumn(
                name: "PostalRecipientName",
                table: "os_dossiers");
        }
    }
}
