import AutourCore
import Foundation

/// The Radar's part of the OpenAPI document.
extension OpenAPIDocument {
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static let nullableDateTime: JSONValue = ["type": ["string", "null"], "format": "date-time"]
    static let nullableUUID: JSONValue = ["type": ["string", "null"], "format": "uuid"]

    static func enumeration(_ values: [String]) -> JSONValue { ["type": "string", "enum": .array(values.map { .string($0) })] }

    static func body(_ required: [String], _ properties: [String: JSONValue]) -> JSONValue {
        ["type": "object", "required": .array(required.map { .string($0) }), "properties": .object(properties)]
    }

    static let write = ["400", "401", "403", "404", "409", "413", "422"]

    static var radarPaths: [String: JSONValue] {
        let callId: JSONValue = ["name": "callId", "in": "path", "required": true, "schema": uuid]
        return [
            "/api/v1/signals": [
                "post": operation(
                    "sendSignal", "Envoyer un signalement (un veilleur doit avoir accepté la charte en vigueur).",
                    roles: "watcher, partner, agent, coordinator", request: ref("SignalInput"),
                    success: ("201", ref("Signal"), "Le signalement enregistré"), errors: ["400", "401", "403", "409", "413", "422"]),
                "get": operation(
                    "listSignals", "File des signalements (agents) ou statut de ses propres signalements (veilleurs, partenaires).",
                    roles: "agent, coordinator, watcher, partner",
                    parameters: [["name": "status", "in": "query", "required": false, "schema": ["type": "string", "maxLength": 20]]],
                    success: ("200", list(["anyOf": [ref("Signal"), ref("SignalStatusOnly")]]), "Les signalements"),
                    errors: ["401", "403", "422"]),
            ],
            "/api/v1/signals/{id}": [
                "get": operation(
                    "getSignal", "Un signalement (lecture tracée) ; l'expéditeur n'en voit que le statut.",
                    roles: "agent, coordinator, watcher, partner", parameters: [idParameter],
                    success: ("200", ["anyOf": [ref("SignalDetail"), ref("SignalStatusOnly")]], "Le signalement"),
                    errors: ["401", "403", "404"])
            ],
            "/api/v1/signals/{id}/qualify": [
                "post": operation(
                    "qualifySignal", "Rattacher à une fiche existante (personId) ou en créer une (firstName, lastName…).",
                    roles: "agent, coordinator", request: ref("QualifyInput"), parameters: [idParameter],
                    success: ("200", ref("Signal"), "Le signalement"), errors: write)
            ],
            "/api/v1/signals/{id}/assign": [
                "post": operation(
                    "assignSignal", "Attribuer à un agent.", roles: "agent, coordinator",
                    request: body(["agentId"], ["agentId": uuid]), parameters: [idParameter],
                    success: ("200", ref("Signal"), "Le signalement"), errors: write)
            ],
            "/api/v1/signals/{id}/outreach": [
                "post": operation(
                    "addOutreach", "Prévoir (plannedFor) ou consigner un contact ; le premier contact arrête le délai.",
                    roles: "agent, coordinator",
                    request: body(
                        ["kind"],
                        [
                            "kind": enumeration(OutreachKind.allCases.map(\.rawValue)), "plannedFor": dateTime,
                            "note": ["type": "string", "maxLength": 500],
                        ]),
                    parameters: [idParameter], success: ("201", ref("Outreach"), "Le contact"), errors: write)
            ],
            "/api/v1/signals/{id}/close": [
                "post": operation(
                    "closeSignal", "Clore avec une issue ; « duplicate » fusionne dans le signalement duplicateOf.",
                    roles: "agent, coordinator",
                    request: body(["outcome"], ["outcome": enumeration(SignalOutcome.allCases.map(\.rawValue)), "duplicateOf": uuid]),
                    parameters: [idParameter], success: ("200", ref("Signal"), "Le signalement"), errors: write)
            ],
            "/api/v1/radar/charter": [
                "get": operation(
                    "getCharter", "La charte des veilleurs en vigueur et la version acceptée par l'appelant.",
                    roles: "watcher, partner, agent, coordinator", success: ("200", ref("Charter"), "La charte"))
            ],
            "/api/v1/radar/charter/accept": [
                "post": operation(
                    "acceptCharter", "Accepter la version lue de la charte.", roles: "watcher, partner, agent, coordinator",
                    request: body(["version"], ["version": ["type": "integer"]]),
                    success: ("200", ref("Charter"), "La charte acceptée"), errors: ["400", "401", "403", "409", "413", "422"])
            ],
            "/api/v1/radar/indicators": [
                "get": operation(
                    "radarIndicators", "Indicateurs agrégés sur 12 semaines ; tout effectif inférieur à 5 vaut « < 5 ».",
                    roles: "coordinator, elected, admin", success: ("200", ref("RadarIndicators"), "Les indicateurs"))
            ],
            "/api/v1/register": [
                "get": operation(
                    "listRegister", "Les personnes inscrites au registre canicule et grand froid.", roles: "agent, coordinator",
                    success: ("200", list(ref("RegisterEntry")), "Les inscrits")),
                "post": operation(
                    "registerPerson", "Inscrire une personne (consentement requis : consentMethod s'il n'est pas déjà enregistré).",
                    roles: "agent, coordinator", request: ref("RegisterInput"),
                    success: ("201", ref("RegisterEntry"), "L'inscription"), errors: write),
            ],
            "/api/v1/register/export": [
                "get": [
                    "operationId": "exportRegister", "summary": "Le registre en CSV pour la préfecture (export tracé).",
                    "description": "Rôles : coordinator.",
                    "responses": [
                        "200": ["description": "CSV", "content": ["text/csv": ["schema": ["type": "string"]]]],
                        "401": errorResponse, "403": errorResponse,
                    ],
                ]
            ],
            "/api/v1/campaigns": [
                "post": operation(
                    "startCampaign", "Lancer une campagne d'appels ; les inscrits sont répartis entre les appelants.",
                    roles: "coordinator",
                    request: body(
                        ["kind"],
                        [
                            "kind": enumeration(CampaignKind.allCases.map(\.rawValue)),
                            "callerIds": ["type": "array", "items": uuid],
                        ]),
                    success: ("201", ref("Campaign"), "La campagne"), errors: write)
            ],
            "/api/v1/campaigns/{id}": [
                "get": operation(
                    "getCampaign", "Une campagne et son avancement.", roles: "agent, coordinator, volunteer",
                    parameters: [idParameter], success: ("200", ref("Campaign"), "La campagne"), errors: ["401", "403", "404"])
            ],
            "/api/v1/campaigns/{id}/calls": [
                "get": operation(
                    "listCalls", "Les appels d'une campagne (les siens pour un bénévole).", roles: "agent, coordinator, volunteer",
                    parameters: [idParameter], success: ("200", list(ref("Call")), "Les appels"), errors: ["401", "403", "404"])
            ],
            "/api/v1/campaigns/{id}/calls/{callId}": [
                "post": operation(
                    "recordCall", "Consigner un appel ou la visite qui a suivi.", roles: "agent, coordinator, volunteer",
                    request: body(
                        ["outcome"],
                        [
                            "outcome": enumeration(CallOutcome.allCases.map(\.rawValue)),
                            "note": ["type": "string", "maxLength": 500],
                        ]),
                    parameters: [idParameter, callId], success: ("200", ref("Call"), "L'appel"), errors: write)
            ],
            "/api/v1/campaigns/{id}/close": [
                "post": operation(
                    "closeCampaign", "Clore la campagne.", roles: "coordinator", parameters: [idParameter],
                    success: ("200", ref("Campaign"), "La campagne"), errors: ["401", "403", "404", "409"])
            ],
            "/api/v1/check-ins": [
                "post": operation(
                    "planCheckIns", "Programmer les appels de convivialité demandés par une personne.", roles: "agent, coordinator",
                    request: body(
                        ["personId", "frequencyDays", "callerId"],
                        ["personId": uuid, "frequencyDays": ["type": "integer", "minimum": 1, "maximum": 30], "callerId": uuid]),
                    success: ("201", ref("CheckIn"), "Les appels programmés"), errors: write)
            ],
            "/api/v1/check-ins/{id}/record": [
                "post": operation(
                    "recordCheckIn", "Consigner un appel de convivialité ; inquiétant ou sans réponse, il crée un signalement.",
                    roles: "agent, coordinator, volunteer",
                    request: body(
                        ["outcome"],
                        [
                            "outcome": enumeration(CheckInOutcome.allCases.map(\.rawValue)),
                            "note": ["type": "string", "maxLength": 500],
                        ]),
                    parameters: [idParameter], success: ("200", ref("CheckIn"), "Les appels"), errors: write)
            ],
        ]
    }

    static var radarSchemas: [String: JSONValue] {
        let signal: [String: JSONValue] = [
            "id": uuid, "kind": enumeration(SignalKind.allCases.map(\.rawValue)), "urgency": enumeration(SignalUrgency.allCases.map(\.rawValue)),
            "personName": nullableString, "personDescription": nullableString, "address": nullableString, "neighbourhood": nullableString,
            "details": nullableString, "consentToContact": enumeration(ContactConsent.allCases.map(\.rawValue)), "dischargeDate": nullableString,
            "status": enumeration(SignalStatus.allCases.map(\.rawValue)), "outcome": nullableString, "personId": nullableUUID,
            "assignedTo": nullableUUID, "source": enumeration(SignalSource.allCases.map(\.rawValue)), "createdAt": dateTime,
            "deadline": dateTime, "overdue": ["type": "boolean"], "firstContactAt": nullableDateTime, "closedAt": nullableDateTime,
            "duplicateOf": nullableUUID,
        ]
        let signalRequired = ["id", "kind", "urgency", "consentToContact", "status", "source", "createdAt", "deadline", "overdue"]
        let outreach = body(
            ["id", "kind", "note", "authorId"],
            [
                "id": uuid, "kind": ["type": "string"], "plannedFor": nullableDateTime,
                "doneAt": nullableDateTime, "note": ["type": "string"], "authorId": uuid,
            ])
        var detail = signal
        detail["outreach"] = ["type": "array", "items": outreach]
        detail["likelyDuplicates"] = ["type": "array", "items": uuid]
        let counts: JSONValue = ["type": "object", "additionalProperties": ["type": "string"]]
        let progress = body(
            ["total", "called", "fine", "visitNeeded", "unreachable", "visited", "remaining"],
            Dictionary(
                uniqueKeysWithValues: ["total", "called", "fine", "visitNeeded", "unreachable", "visited", "remaining"]
                    .map { ($0, ["type": "integer"] as JSONValue) }))
        return [
            "Signal": body(signalRequired, signal),
            "SignalDetail": body(signalRequired + ["outreach", "likelyDuplicates"], detail),
            "SignalStatusOnly": [
                "type": "object", "required": ["id", "kind", "createdAt", "status"], "additionalProperties": false,
                "properties": [
                    "id": uuid, "kind": ["type": "string"], "createdAt": dateTime,
                    "status": enumeration(SenderStatus.allCases.map(\.rawValue)),
                ],
            ],
            "SignalInput": body(
                ["kind", "urgency", "consentToContact"],
                [
                    "kind": enumeration(SignalKind.allCases.map(\.rawValue)), "urgency": enumeration(SignalUrgency.allCases.map(\.rawValue)),
                    "personName": ["type": "string", "maxLength": .int(SignalRules.nameLimit)],
                    "personDescription": ["type": "string", "maxLength": .int(SignalRules.descriptionLimit)],
                    "address": ["type": "string", "maxLength": .int(SignalRules.addressLimit)], "neighbourhood": ["type": "string"],
                    "details": ["type": "string", "maxLength": .int(SignalRules.detailsLimit)],
                    "consentToContact": enumeration(ContactConsent.allCases.map(\.rawValue)), "dischargeDate": ["type": "string", "format": "date"],
                ]),
            "QualifyInput": body(
                [],
                [
                    "personId": uuid, "firstName": ["type": "string"], "lastName": ["type": "string"],
                    "birthDate": ["type": "string", "format": "date"], "address": ["type": "string"],
                    "neighbourhood": ["type": "string"], "phone": ["type": "string"],
                ]),
            "Outreach": outreach,
            "Charter": body(
                ["mustAccept"],
                [
                    "version": ["type": ["integer", "null"]], "text": nullableString,
                    "acceptedVersion": ["type": ["integer", "null"]], "mustAccept": ["type": "boolean"],
                ]),
            "RadarIndicators": body(
                ["weeks", "byNeighbourhood", "outcomes"],
                [
                    "weeks": [
                        "type": "array", "items": body(["start", "total", "byKind"], ["start": dateTime, "total": ["type": "string"], "byKind": counts]),
                    ],
                    "byNeighbourhood": [
                        "type": "array", "items": body(["neighbourhood", "count"], ["neighbourhood": ["type": "string"], "count": ["type": "string"]]),
                    ],
                    "firstContactMedianHours": ["type": ["number", "null"]], "firstContactP90Hours": ["type": ["number", "null"]],
                    "outcomes": counts,
                ]),
            "RegisterEntry": body(
                ["id", "personId", "name", "requestedBy", "reasons", "registeredAt", "needsRenewal"],
                [
                    "id": uuid, "personId": uuid, "name": ["type": "string"], "neighbourhood": nullableString, "requestedBy": ["type": "string"],
                    "reasons": ["type": "array", "items": ["type": "string"]], "registeredAt": dateTime, "consentValidUntil": nullableDateTime,
                    "needsRenewal": ["type": "boolean"],
                ]),
            "RegisterInput": body(
                ["personId", "requestedBy", "reasons"],
                [
                    "personId": uuid, "requestedBy": enumeration(RegisterRequester.allCases.map(\.rawValue)),
                    "reasons": ["type": "array", "minItems": 1, "items": enumeration(RegisterReason.allCases.map(\.rawValue))],
                    "contacts": ["type": "string", "maxLength": 500], "emergencyName": ["type": "string", "maxLength": 120],
                    "emergencyPhone": ["type": "string", "pattern": "^[0-9 +.()-]{10,20}$"],
                    "consentMethod": enumeration(ConsentMethod.allCases.map(\.rawValue)),
                    "consentGivenBy": enumeration(ConsentGiver.allCases.map(\.rawValue)),
                ]),
            "Campaign": body(
                ["id", "kind", "startedAt", "progress", "complete"],
                [
                    "id": uuid, "kind": ["type": "string"], "startedAt": dateTime, "closedAt": nullableDateTime, "progress": progress,
                    "complete": ["type": "boolean"],
                ]),
            "Call": body(
                ["id", "personId", "name", "callerId", "status", "attempts", "note"],
                [
                    "id": uuid, "personId": uuid, "name": ["type": "string"], "phone": nullableString, "address": nullableString,
                    "neighbourhood": nullableString, "emergencyName": nullableString, "emergencyPhone": nullableString, "callerId": uuid,
                    "status": enumeration(CallStatus.allCases.map(\.rawValue)), "attempts": ["type": "integer"], "note": ["type": "string"],
                ]),
            "CheckIn": body(
                ["id", "personId", "callerId", "frequencyDays", "nextDueAt"],
                [
                    "id": uuid, "personId": uuid, "callerId": uuid, "frequencyDays": ["type": "integer"], "nextDueAt": dateTime,
                    "lastAt": nullableDateTime, "lastOutcome": nullableString,
                ]),
        ]
    }
}
