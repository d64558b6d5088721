import Foundation
import AutourCore
import Hummingbird

/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`. A test compares
/// its paths with the router's routes, so a route cannot be added without being described.
/// Modules add their paths and schemas in `paths` and `schemas`.
enum OpenAPIDocument {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static func json(_ schema: JSONValue, description: String) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }

    static let errorResponse = json(ref("Error"), description: "Erreur")

    /// One operation, with the error responses every authenticated route may give.
    static func operation(
        _ id: String, _ summary: String, roles: String, request: JSONValue? = nil,
        parameters: [JSONValue] = [], success: (code: String, schema: JSONValue, description: String),
        errors: [String] = ["401", "403"]
    ) -> JSONValue {
        var responses: [String: JSONValue] = [success.code: json(success.schema, description: success.description)]
        for code in errors { responses[code] = errorResponse }
        var operation: [String: JSONValue] = [
            "operationId": .string(id), "summary": .string(summary),
            "description": .string("Rôles : \(roles)."), "responses": .object(responses),
        ]
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if let request {
            operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": request]]]
        }
        return .object(operation)
    }

    static let idParameter: JSONValue = [
        "name": "id", "in": "path", "required": true, "schema": ["type": "string", "format": "uuid"],
    ]

    static var paths: [String: JSONValue] {
        [
            "/api/v1/openapi.json": [
                "get": [
                    "operationId": "openapi", "summary": "Ce document.", "security": [],
                    "responses": ["200": ["description": "Document OpenAPI", "content": ["application/json": ["schema": ["type": "object"]]]]],
                ]
            ],
            "/api/v1/me": [
                "get": operation("me", "Le compte qui appelle.", roles: "tous", success: ("200", ref("Me"), "Le compte"), errors: ["401"])
            ],
            "/api/v1/audit": [
                "get": operation(
                    "audit", "Journal d'audit d'une fiche.", roles: "coordinator, admin",
                    parameters: [
                        [
                            "name": "recordId", "in": "query", "required": true,
                            "schema": ["type": "string", "minLength": 1, "maxLength": 100],
                        ]
                    ],
                    success: ("200", list(ref("AuditEntry")), "Les entrées, de la plus ancienne à la plus récente"),
                    errors: ["401", "403", "422"])
            ],
            "/api/v1/accounts": [
                "get": operation(
                    "listAccounts", "Comptes du territoire.", roles: "admin",
                    success: ("200", list(ref("Account")), "Les comptes")),
                "post": operation(
                    "createAccount", "Créer un compte.", roles: "admin", request: ref("AccountCreate"),
                    success: ("201", ref("Account"), "Le compte créé"),
                    errors: ["400", "401", "403", "409", "413", "422"]),
            ],
            "/api/v1/accounts/{id}": [
                "get": operation(
                    "getAccount", "Un compte du territoire.", roles: "admin", parameters: [idParameter],
                    success: ("200", ref("Account"), "Le compte"), errors: ["401", "403", "404"])
            ],
            "/api/v1/accounts/{id}/structure": [
                "post": operation(
                    "linkPartnerStructure", "Rattacher un compte partenaire à une structure de l'annuaire.",
                    roles: "admin",
                    request: [
                        "type": "object", "required": ["structureId"],
                        "properties": ["structureId": ["type": "string", "minLength": 1]],
                    ],
                    parameters: [idParameter], success: ("200", ref("Account"), "Le compte"),
                    errors: ["400", "401", "403", "404", "413", "422"])
            ],
            "/api/v1/accounts/{id}/deactivate": [
                "post": operation(
                    "deactivateAccount", "Désactiver un compte (ses sessions sont fermées).", roles: "admin",
                    parameters: [idParameter], success: ("200", ref("Account"), "Le compte désactivé"),
                    errors: ["401", "403", "404", "409"])
            ],
        ]
    }

    static let uuid: JSONValue = ["type": "string", "format": "uuid"]
    static let roles: JSONValue = [
        "type": "array", "items": ["type": "string", "enum": ["agent", "coordinator", "elected", "watcher", "volunteer", "partner", "admin"]],
    ]

    static var schemas: [String: JSONValue] {
        [
            "Error": [
                "type": "object", "required": ["error"],
                "properties": [
                    "error": [
                        "type": "object", "required": ["code", "message", "fields"],
                        "properties": [
                            "code": ["type": "string"], "message": ["type": "string"],
                            "fields": ["type": "object", "additionalProperties": ["type": "string"]],
                        ],
                    ]
                ],
            ],
            "Me": [
                "type": "object", "required": ["id", "email", "name", "roles", "territory"],
                "properties": [
                    "id": uuid, "email": ["type": "string"], "name": ["type": "string"], "roles": roles,
                    "territory": [
                        "type": "object", "required": ["slug", "name"],
                        "properties": ["slug": ["type": "string"], "name": ["type": "string"]],
                    ],
                    "timebankAccountId": uuid,
                ],
            ],
            "Account": [
                "type": "object", "required": ["id", "email", "name", "roles", "isSocialWorker", "active"],
                "properties": [
                    "id": uuid, "email": ["type": "string"], "name": ["type": "string"], "roles": roles,
                    "isSocialWorker": ["type": "boolean"], "active": ["type": "boolean"],
                ],
            ],
            "AccountCreate": [
                "type": "object", "required": ["email", "name", "roles", "password"],
                "properties": [
                    "email": ["type": "string", "format": "email", "maxLength": 254],
                    "name": ["type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"],
                    "roles": roles, "password": ["type": "string", "minLength": 10, "maxLength": 72],
                    "isSocialWorker": ["type": "boolean"],
                ],
            ],
            "AuditEntry": [
                "type": "object", "required": ["at", "action", "recordType", "recordId"],
                "properties": [
                    "at": ["type": "string", "format": "date-time"], "actorId": ["type": ["string", "null"], "format": "uuid"],
                    "action": ["type": "string"], "recordType": ["type": "string"], "recordId": ["type": "string"],
                ],
            ],
        ]
    }

    static var document: JSONValue {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "Autour API", "version": "1",
                "description": "API JSON d'Autour. Authentification : Authorization: Bearer JETON (autour token create).",
            ],
            "servers": [["url": "/"]],
            "security": [["bearer": []]],
            // The foundation's paths, then each module's (AutourModule.openAPIPaths).
            "paths": .object(AutourModules.all.reduce(paths) { $0.merging($1.openAPIPaths) { first, _ in first } }),
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]],
                "schemas": .object(AutourModules.all.reduce(schemas) { $0.merging($1.openAPISchemas) { first, _ in first } }),
            ],
        ]
    }
}
