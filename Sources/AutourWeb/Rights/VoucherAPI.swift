import AutourAPI
import AutourCore
import AutourStore
import Foundation

/// Health vouchers in the JSON API: issuing one (its code only in this answer) and taking one at a shop.
extension APIHandlers {
    func issueVoucher(_ input: Operations.IssueVoucher.Input) async throws -> Operations.IssueVoucher.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let issued = try await store.voucherService.issue(
            personId: try APIValue.pathID(input.path.id), category: try APIValue.contract(body.category.rawValue), actor: context.actor)
        return .created(
            .init(
                body: .json(
                    .init(
                        id: issued.voucher.id.uuidString.lowercased(), category: try APIValue.contract(issued.voucher.category.rawValue),
                        value: Self.euros(issued.voucher.valueCents), expiresOn: issued.voucher.expiresOn, code: issued.code))))
    }

    func redeemVoucher(_ input: Operations.RedeemVoucher.Input) async throws -> Operations.RedeemVoucher.Output {
        let context = try caller
        let body =
            switch input.body {
            case .json(let body): body
            }
        let seen = try await store.voucherService.redeem(code: body.code, actor: context.actor)
        return .ok(.init(body: .json(.init(category: try APIValue.contract(seen.category.rawValue), value: Self.euros(seen.valueCents)))))
    }
}
