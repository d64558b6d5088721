import AutourCore
import Foundation

/// People's part of the OpenAPI document: persons, consents, follow-ups, export, merge,
/// households, erasure and referrals.
extension OpenAPIDocument {
    static let personPaths: [String: JSONValue] = [
        "/api/v1/persons": [
            "get": operation(
                "searchPersons", "Chercher une personne par nom, adresse ou téléphone (sans accents ni casse).",
                roles: "agent, coordinator",
                parameters: [["name": "q", "in": "query", "required": false, "schema": ["type": "string", "maxLength": 100]]],
                success: ("200", list(ref("Person")), "Les personnes trouvées"), errors: ["401", "403", "422"]),
            "post": operation(
                "createPerson", "Créer une fiche ; les doublons probables sont signalés.", roles: "agent, coordinator",
                request: ref("PersonInput"), success: ("201", ref("PersonCreated"), "La fiche créée"),
                errors: ["400", "401", "403", "413", "422"]),
        ],
        "/api/v1/persons/{id}": [
            "get": operation(
                "getPerson", "Ouvrir une fiche (lecture tracée).", roles: "agent, coordinator", parameters: [idParameter],
                success: ("200", ref("PersonFile"), "La fiche"), errors: ["401", "403", "404"]),
            "put": operation(
                "updatePerson", "Modifier une fiche.", roles: "agent, coordinator", request: ref("PersonInput"),
                parameters: [idParameter], success: ("200", ref("Person"), "La fiche modifiée"),
                errors: ["400", "401", "403", "404", "413", "422"]),
        ],
        "/api/v1/persons/{id}/consents": [
            "post": operation(
                "recordConsent", "Enregistrer un consentement.", roles: "agent, coordinator", request: ref("ConsentInput"),
                parameters: [idParameter], success: ("201", ref("Consent"), "Le consentement"),
                errors: ["400", "401", "403", "404", "409", "413", "422"])
        ],
        "/api/v1/persons/{id}/consents/{consentId}/withdraw": [
            "post": operation(
                "withdrawConsent", "Retirer un consentement.", roles: "agent, coordinator",
                parameters: [idParameter, ["name": "consentId", "in": "path", "required": true, "schema": uuid]],
                success: ("200", ref("Consent"), "Le consentement retiré"), errors: ["401", "403", "404", "409"])
        ],
        "/api/v1/persons/{id}/follow-ups": [
            "post": operation(
                "addFollowUp", "Consigner une intervention.", roles: "agent, coordinator", request: ref("FollowUpInput"),
                parameters: [idParameter], success: ("201", ref("FollowUp"), "L'intervention"),
                errors: ["400", "401", "403", "404", "409", "413", "422"])
        ],
        "/api/v1/persons/{id}/export": [
            "get": operation(
                "exportPerson",
                "Ce qui est détenu sur la personne, avec les accès à sa fiche : les notes que l'appelant peut lire, "
                    + "ou toutes avec complete=true (travailleur social seulement, acte tracé).",
                roles: "agent, coordinator",
                parameters: [
                    idParameter,
                    [
                        "name": "complete", "in": "query", "required": false,
                        "schema": ["type": "string", "enum": ["true", "false"]],
                    ],
                ],
                success: ("200", ref("PersonExport"), "L'export"), errors: ["401", "403", "404"])
        ],
        "/api/v1/persons/{id}/referrals": [
            "post": operation(
                "createReferral", "Orienter la personne vers un service de l'annuaire (consentement au partage requis).",
                roles: "agent, coordinator", request: ref("ReferralInput"), parameters: [idParameter],
                success: ("201", ref("Referral"), "L'orientation"), errors: ["400", "401", "403", "404", "409", "413", "422"])
        ],
        "/api/v1/referrals": [
            "get": operation(
                "referralInbox", "Orientations adressées à la structure du partenaire.", roles: "partner",
                success: ("200", list(ref("ReferralInboxItem")), "Les orientations reçues"))
        ],
        "/api/v1/referrals/{id}/accept": [
            "post": operation(
                "acceptReferral", "Accepter une orientation.", roles: "partner", parameters: [idParameter],
                success: ("200", ref("Referral"), "L'orientation"), errors: ["401", "403", "404", "409"])
        ],
        "/api/v1/referrals/{id}/refuse": [
            "post": operation(
                "refuseReferral", "Refuser une orientation, avec la raison.", roles: "partner", request: ref("RefuseInput"),
                parameters: [idParameter], success: ("200", ref("Referral"), "L'orientation"),
                errors: ["400", "401", "403", "404", "409", "413", "422"])
        ],
        "/api/v1/referrals/{id}/done": [
            "post": operation(
                "closeReferral", "Marquer une orientation acceptée comme réalisée.", roles: "partner", parameters: [idParameter],
                success: ("200", ref("Referral"), "L'orientation"), errors: ["401", "403", "404", "409"])
        ],
        "/api/v1/persons/{id}/merge": [
            "post": operation(
                "mergePerson", "Fusionner ce doublon dans une autre fiche (l'historique des deux est gardé).",
                roles: "agent, coordinator", request: ["type": "object", "required": ["into"], "properties": ["into": uuid]],
                parameters: [idParameter], success: ("200", ref("Person"), "La fiche qui reste"),
                errors: ["400", "401", "403", "404", "409", "413", "422"])
        ],
        "/api/v1/persons/{id}/household": [
            "post": operation(
                "joinHousehold", "Rattacher la personne au foyer d'une autre.", roles: "agent, coordinator",
                request: ["type": "object", "required": ["with"], "properties": ["with": uuid]],
                parameters: [idParameter], success: ("200", ref("Person"), "La fiche"),
                errors: ["400", "401", "403", "404", "413", "422"])
        ],
        "/api/v1/persons/{id}/household/leave": [
            "post": operation(
                "leaveHousehold", "Détacher la personne de son foyer.", roles: "agent, coordinator",
                parameters: [idParameter], success: ("200", ref("Person"), "La fiche"), errors: ["401", "403", "404"])
        ],
        "/api/v1/persons/{id}/erase": [
            "post": operation(
                "erasePerson", "Anonymiser la personne partout.", roles: "coordinator", parameters: [idParameter],
                success: ("200", ref("Person"), "La fiche anonymisée"), errors: ["401", "403", "404", "409"])
        ],
    ]

    static let nullableString: JSONValue = ["type": ["string", "null"]]
    static let personProperties: [String: JSONValue] = [
        "id": uuid, "firstName": ["type": "string"], "lastName": ["type": "string"], "birthDate": nullableString,
        "address": nullableString, "communeCode": nullableString, "neighbourhood": nullableString, "phone": nullableString,
        "email": nullableString, "languages": ["type": "array", "items": ["type": "string"]],
        "flags": ["type": "array", "items": ["type": "string"]], "createdAt": ["type": "string", "format": "date-time"],
        "householdId": ["type": ["string", "null"], "format": "uuid"],
        "erased": ["type": "boolean"],
    ]
    static let personRequired: JSONValue = ["id", "firstName", "lastName", "languages", "flags", "createdAt", "erased"]

    static var personSchemas: [String: JSONValue] {
        var created = personProperties
        created["possibleDuplicates"] = ["type": "array", "items": ref("Person")]
        let consent: JSONValue = [
            "type": "object", "required": ["id", "purpose", "method", "givenBy", "givenAt", "recordedBy", "active"],
            "properties": [
                "id": uuid, "purpose": ["type": "string"], "partnerName": nullableString, "method": ["type": "string"],
                "givenBy": ["type": "string"], "givenAt": ["type": "string", "format": "date-time"], "recordedBy": uuid,
                "withdrawnAt": ["type": ["string", "null"], "format": "date-time"], "active": ["type": "boolean"],
            ],
        ]
        let followUp: JSONValue = [
            "type": "object", "required": ["id", "kind", "at", "authorId", "summary", "visibility"],
            "properties": [
                "id": uuid, "kind": ["type": "string"], "at": ["type": "string", "format": "date-time"], "authorId": uuid,
                "summary": ["type": "string"], "visibility": ["type": "string"],
            ],
        ]
        let referral: JSONValue = [
            "type": "object",
            "required": ["id", "personId", "serviceId", "serviceName", "structureName", "note", "status", "createdAt", "needsReminder"],
            "properties": [
                "id": uuid, "personId": uuid, "serviceId": ["type": "string"], "serviceName": ["type": "string"],
                "structureName": ["type": "string"], "note": ["type": "string"],
                "status": ["type": "string", "enum": ["requested", "accepted", "refused", "done", "expired"]],
                "reason": nullableString, "createdAt": ["type": "string", "format": "date-time"], "needsReminder": ["type": "boolean"],
            ],
        ]
        return [
            "Referral": referral,
            "ReferralInput": [
                "type": "object", "required": ["serviceId"],
                "properties": ["serviceId": ["type": "string", "minLength": 1], "note": ["type": "string", "maxLength": 2000]],
            ],
            "RefuseInput": [
                "type": "object", "required": ["reason"],
                "properties": ["reason": ["type": "string", "minLength": 1, "maxLength": 500, "pattern": "\\S"]],
            ],
            "ReferralInboxItem": [
                "type": "object", "required": ["referral", "personName"],
                "properties": ["referral": referral, "personName": ["type": "string"], "personPhone": nullableString],
            ],
            "Person": ["type": "object", "required": personRequired, "properties": .object(personProperties)],
            "PersonCreated": ["type": "object", "required": ["id", "possibleDuplicates"], "properties": .object(created)],
            "PersonInput": [
                "type": "object", "required": ["firstName", "lastName"],
                "properties": [
                    "firstName": ["type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S"],
                    "lastName": ["type": "string", "minLength": 1, "maxLength": 100, "pattern": "\\S"],
                    "birthDate": ["type": "string", "format": "date"], "address": ["type": "string", "maxLength": 300],
                    "neighbourhood": ["type": "string"], "communeCode": ["type": "string"],
                    "phone": ["type": "string", "pattern": "^[0-9 +.()-]{10,20}$"],
                    "email": ["type": "string", "format": "email"],
                    "languages": ["type": "array", "maxItems": 10, "items": ["type": "string", "maxLength": 40]],
                    "flags": ["type": "array", "items": ["type": "string", "enum": ["lives_alone", "over_75", "disability", "no_phone", "no_internet"]]],
                ],
            ],
            "PersonFile": [
                "type": "object", "required": ["person", "consents", "followUps"],
                "properties": [
                    "person": ref("Person"), "consents": ["type": "array", "items": consent],
                    "followUps": ["type": "array", "items": followUp], "referrals": ["type": "array", "items": referral],
                    "household": ["type": "array", "items": ref("Person")],
                ],
            ],
            "Consent": consent,
            "ConsentInput": [
                "type": "object", "required": ["purpose", "method"],
                "properties": [
                    "purpose": ["type": "string", "enum": ["heatwave_register", "time_bank", "radar_follow_up", "partner_sharing", "statistics"]],
                    "method": ["type": "string", "enum": ["paper", "oral", "online"]],
                    "givenBy": ["type": "string", "enum": ["person", "relative", "legal_representative"]],
                    "partnerName": ["type": "string", "maxLength": 200],
                ],
            ],
            "FollowUp": followUp,
            "FollowUpInput": [
                "type": "object", "required": ["kind", "summary"],
                "properties": [
                    "kind": ["type": "string", "enum": ["reception", "phone_call", "home_visit", "outreach", "meeting"]],
                    "summary": ["type": "string", "minLength": 1, "maxLength": 4000, "pattern": "\\S"],
                    "visibility": ["type": "string", "enum": ["team", "private", "sensitive"]],
                ],
            ],
            "PersonExport": [
                "type": "object", "required": ["person", "consents", "followUps", "accesses", "exportedAt"],
                "properties": [
                    "person": ref("Person"), "consents": ["type": "array", "items": consent],
                    "followUps": ["type": "array", "items": followUp],
                    "withheldFollowUps": ["type": "integer", "minimum": 0], "complete": ["type": "boolean"],
                    "referrals": ["type": "array", "items": referral],
                    "signals": ["type": "array", "items": ref("Signal")],
                    "accesses": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["at", "action"],
                            "properties": [
                                "at": ["type": "string", "format": "date-time"], "actorId": ["type": ["string", "null"]],
                                "action": ["type": "string"],
                            ],
                        ],
                    ],
                    "exportedAt": ["type": "string", "format": "date-time"],
                ],
            ],
        ]
    }

    static func list(_ item: JSONValue) -> JSONValue {
        ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": item]]]
    }
}
