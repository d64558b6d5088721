import AutourCore
import Foundation

/// The time bank's part of the OpenAPI document.
extension OpenAPIDocument {
    static var timeBankPaths: [String: JSONValue] {
        let account: [String] = ["401", "403", "404"]
        return [
            "/api/v1/timebank/transfers": [
                "post": operation(
                    "createTransfer",
                    "Payer depuis son compte (membre) ou saisir un chèque-temps au nom d'un membre (agent, coordination). Même clé, même corps : le même virement, rien ne bouge deux fois ; autre corps : 409 ; limite dépassée : 422.",
                    roles: "volunteer, agent, coordinator", request: ref("TransferInput"),
                    success: ("201", ref("Transfer"), "Le virement (le même, à l'identique, pour une clé déjà servie)"),
                    errors: ["400", "401", "403", "409", "413", "422"])
            ],
            "/api/v1/timebank/accounts": [
                "get": operation(
                    "listTimeAccounts", "Tous les comptes ouverts du territoire, comptes système compris : leur somme est nulle.",
                    roles: "coordinator", success: ("200", ref("Ledger"), "Les comptes"))
            ],
            "/api/v1/timebank/accounts/mine": [
                "post": operation(
                    "openOwnTimeAccount",
                    "Ouvrir son compte temps, avec le crédit de bienvenue (sans effet s'il est déjà ouvert). Le rôle de bénévole l'ouvre déjà ; une lecture n'ouvre jamais rien.",
                    roles: "volunteer", success: ("200", ref("TimeAccount"), "Le compte"), errors: ["401", "403"])
            ],
            "/api/v1/timebank/accounts/{id}": [
                "get": operation(
                    "getTimeAccount", "Un compte (le sien, ou tout compte pour l'équipe).", roles: "volunteer, agent, coordinator",
                    parameters: [idParameter], success: ("200", ref("TimeAccount"), "Le compte"), errors: account)
            ],
            "/api/v1/timebank/accounts/{id}/history": [
                "get": operation(
                    "timeAccountHistory", "Les virements d'un compte, du plus récent au plus ancien.", roles: "volunteer, agent, coordinator",
                    parameters: [idParameter], success: ("200", list(ref("Transfer")), "Les virements"), errors: account)
            ],
            "/api/v1/timebank/requests": [
                "post": operation(
                    "createPaymentRequest", "Demander un paiement à un membre (acceptée d'office après le délai du territoire).",
                    roles: "volunteer",
                    request: body(
                        ["payerAccount", "minutes"],
                        [
                            "payerAccount": uuid, "minutes": ["type": "integer", "minimum": 1, "maximum": .int(LedgerRules.maxMinutes)],
                            "description": ["type": "string", "maxLength": 200], "listingId": uuid,
                        ]),
                    success: ("201", ref("PaymentRequest"), "La demande"), errors: ["400", "401", "403", "413", "422"]),
                "get": operation(
                    "listPaymentRequests", "Ses demandes, envoyées et reçues.", roles: "volunteer",
                    success: ("200", list(ref("PaymentRequest")), "Les demandes")),
            ],
            "/api/v1/timebank/requests/{id}/accept": [
                "post": operation(
                    "acceptPaymentRequest", "Accepter une demande reçue (le virement est fait).", roles: "volunteer",
                    parameters: [idParameter], success: ("200", ref("PaymentRequest"), "La demande"),
                    errors: ["401", "403", "404", "409", "422"])
            ],
            "/api/v1/timebank/requests/{id}/refuse": [
                "post": operation(
                    "refusePaymentRequest", "Refuser une demande reçue.", roles: "volunteer", parameters: [idParameter],
                    success: ("200", ref("PaymentRequest"), "La demande"), errors: ["401", "403", "404", "409"])
            ],
            "/api/v1/timebank/listings": [
                "get": operation(
                    "listListings", "Les offres et demandes ouvertes, par catégorie et quartier.", roles: "volunteer, agent, coordinator",
                    parameters: [
                        ["name": "category", "in": "query", "required": false, "schema": ["type": "string", "maxLength": 80]],
                        ["name": "neighbourhood", "in": "query", "required": false, "schema": ["type": "string", "maxLength": 100]],
                    ],
                    success: ("200", list(ref("Listing")), "Les annonces")),
                "post": operation(
                    "createListing", "Publier une offre ou une demande.", roles: "volunteer",
                    request: body(
                        ["kind", "category", "title"],
                        [
                            "kind": enumeration(ListingKind.allCases.map(\.rawValue)), "category": enumeration(LedgerRules.categories),
                            "neighbourhood": ["type": "string"], "title": ["type": "string", "minLength": 1, "maxLength": 120],
                            "details": ["type": "string", "maxLength": 1000],
                        ]), success: ("201", ref("Listing"), "L'annonce"), errors: ["400", "401", "403", "413", "422"]),
            ],
        ]
    }

    static var timeBankSchemas: [String: JSONValue] {
        let timeAccount = body(
            ["id", "name", "kind", "balanceMinutes"],
            [
                "id": uuid, "name": ["type": "string"],
                "kind": enumeration(TimeAccountKind.allCases.map(\.rawValue)),
                "balanceMinutes": ["type": "integer"],
            ])
        return [
            "TimeAccount": timeAccount,
            "Ledger": body(["items", "totalMinutes"], ["items": ["type": "array", "items": timeAccount], "totalMinutes": ["type": "integer"]]),
            "TransferInput": body(
                ["fromAccount", "toAccount", "minutes", "idempotencyKey"],
                [
                    "fromAccount": uuid, "toAccount": uuid, "minutes": ["type": "integer", "minimum": 1, "maximum": .int(LedgerRules.maxMinutes)],
                    "idempotencyKey": ["type": "string", "minLength": 8, "maxLength": 100], "description": ["type": "string", "maxLength": 200],
                    "listingId": uuid,
                ]),
            "Transfer": body(
                ["id", "status", "sequence", "description", "kind", "createdAt", "entries"],
                [
                    "id": uuid, "status": ["type": "string"], "sequence": ["type": "integer"], "description": ["type": "string"],
                    "kind": ["type": "string"], "createdAt": dateTime,
                    "entries": ["type": "array", "items": body(["accountId", "minutes"], ["accountId": uuid, "minutes": ["type": "integer"]])],
                ]),
            "PaymentRequest": body(
                ["id", "providerAccount", "payerAccount", "minutes", "description", "status", "createdAt"],
                [
                    "id": uuid, "providerAccount": uuid, "payerAccount": uuid, "minutes": ["type": "integer"], "description": ["type": "string"],
                    "status": enumeration(PaymentRequestStatus.allCases.map(\.rawValue)), "createdAt": dateTime, "listingId": nullableUUID,
                ]),
            "Listing": body(
                ["id", "accountId", "kind", "category", "title", "details", "createdAt"],
                [
                    "id": uuid, "accountId": uuid, "kind": ["type": "string"], "category": ["type": "string"], "neighbourhood": nullableString,
                    "title": ["type": "string"], "details": ["type": "string"], "createdAt": dateTime,
                ]),
        ]
    }
}
