using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Amove.CloudAccounts.Core.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AmoveStorage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "email_outbox",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    recipient = table.Column<string>(type: "text", nullable: false),
                    subject = table.Column<string>(type: "text", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    claimed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    claimed_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_email_outbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "job_leases",
                columns: table => new
                {
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    holder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    expires_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    last_run_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_leases", x => x.name);
                });

            migrationBuilder.CreateTable(
                name: "storage_subscriptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    storage_tier = table.Column<int>(type: "integer", nullable: false),
                    host_user_name = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    host_user_password = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_storage_subscriptions", x => x.id);
                    table.ForeignKey(
                        name: "fk_storage_subscriptions_accounts_account_id",
                        column: x => x.account_id,
                        principalTable: "accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_storage_subscriptions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "hosted_storages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    subscription_id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    storage_tier = table.Column<int>(type: "integer", nullable: false),
                    region_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    state = table.Column<int>(type: "integer", nullable: false),
                    cloud_account_id = table.Column<Guid>(type: "uuid", nullable: true),
                    bucket_name = table.Column<string>(type: "character varying(63)", maxLength: 63, nullable: true),
                    host_region_reference = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    host_access_key_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_hosted_storages", x => x.id);
                    table.ForeignKey(
                        name: "fk_hosted_storages_cloud_accounts_cloud_account_id",
                        column: x => x.cloud_account_id,
                        principalTable: "cloud_accounts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_hosted_storages_storage_subscriptions_subscription_id",
                        column: x => x.subscription_id,
                        principalTable: "storage_subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "storage_usage_samples",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    subscription_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    storage_tier = table.Column<int>(type: "integer", nullable: false),
                    bytes = table.Column<long>(type: "bigint", nullable: false),
                    sampled_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_storage_usage_samples", x => x.id);
                    table.ForeignKey(
                        name: "fk_storage_usage_samples_storage_subscriptions_subscription_id",
                        column: x => x.subscription_id,
                        principalTable: "storage_subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_email_outbox_next_attempt_at",
                table: "email_outbox",
                column: "next_attempt_at");

            migrationBuilder.CreateIndex(
                name: "ix_hosted_storages_cloud_account_id",
                table: "hosted_storages",
                column: "cloud_account_id");

            migrationBuilder.CreateIndex(
                name: "ix_hosted_storages_subscription_id",
                table: "hosted_storages",
                column: "subscription_id");

            migrationBuilder.CreateIndex(
                name: "ix_hosted_storages_user_id_region_code_storage_tier",
                table: "hosted_storages",
                columns: new[] { "user_id", "region_code", "storage_tier" },
                unique: true,
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_storage_subscriptions_account_id",
                table: "storage_subscriptions",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_storage_subscriptions_user_id_storage_tier",
                table: "storage_subscriptions",
                columns: new[] { "user_id", "storage_tier" },
                unique: true,
                filter: "deleted_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_storage_usage_samples_subscription_id",
                table: "storage_usage_samples",
                column: "subscription_id");

            migrationBuilder.CreateIndex(
                name: "ix_storage_usage_samples_user_id_sampled_at",
                table: "storage_usage_samples",
                columns: new[] { "user_id", "sampled_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "email_outbox");

            migrationBuilder.DropTable(
                name: "hosted_storages");

            migrationBuilder.DropTable(
                name: "job_leases");

            migrationBuilder.DropTable(
                name: "storage_usage_samples");

            migrationBuilder.DropTable(
                name: "storage_subscriptions");
        }
    }
}
