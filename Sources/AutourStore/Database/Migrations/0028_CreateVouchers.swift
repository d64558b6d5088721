import FluentKit
import SQLKit

/// Health vouchers (the territory's rule is a territory setting): the shops approved to take them (partner accounts) and
/// the vouchers, each with the hash of its single-use code and, once used, where and when.
struct CreateVouchers: AsyncMigration {
    var name: String { "0028_create_vouchers" }

    func prepare(on database: any Database) async throws {
        try await database.schema("voucher_shops")
            .field("account_id", .uuid, .identifier(auto: false), .references("accounts", "id", onDelete: .cascade))
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("categories", .string, .required)
            .field("approved_at", .datetime, .required)
            .create()
        try await database.schema("vouchers")
            .id()
            .field("territory_id", .uuid, .required, .references("territories", "id", onDelete: .cascade))
            .field("person_id", .uuid, .required, .references("persons", "id", onDelete: .cascade))
            .field("category", .string, .required)
            .field("value_cents", .int, .required)
            .field("code_hash", .string, .required)
            .field("issued_at", .datetime, .required)
            .field("issued_by", .uuid)
            .field("expires_on", .string, .required)
            .field("redeemed_at", .datetime)
            .field("shop_id", .uuid, .references("accounts", "id", onDelete: .setNull))
            .unique(on: "code_hash")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX vouchers_person ON vouchers (person_id)").run()
        try await sql.raw("CREATE INDEX vouchers_shop ON vouchers (territory_id, shop_id)").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["vouchers", "voucher_shops"] { try await database.schema(table).delete() }
    }
}
