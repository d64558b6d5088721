import AutourCore
import Foundation

/// The Energies part of the OpenAPI document.
extension OpenAPIDocument {
    static var energiesPaths: [String: JSONValue] {
        let noBody: [String] = ["401", "403", "404", "409"]
        return [
            "/api/v1/resource-persons": [
                "post": operation(
                    "createResourcePerson", "Créer une personne ressource.", roles: "coordinator",
                    request: ref("ResourcePersonInput"), success: ("201", ref("ResourcePerson"), "La personne ressource"),
                    errors: ["400", "401", "403", "413", "422"]),
                "get": operation(
                    "listResourcePersons", "Les personnes ressources du territoire.", roles: "coordinator",
                    success: ("200", list(ref("ResourcePerson")), "Les personnes ressources")),
            ],
            "/api/v1/needs": [
                "post": operation(
                    "createNeed", "Créer un besoin (une mission).", roles: "coordinator, agent, partner",
                    request: ref("NeedInput"), success: ("201", ref("Need"), "Le besoin"), errors: ["400", "401", "403", "413", "422"]),
                "get": operation(
                    "listNeeds", "Les besoins (coordination) ou ses missions (bénévole).", roles: "coordinator, volunteer",
                    parameters: [["name": "status", "in": "query", "required": false, "schema": ["type": "string", "maxLength": 20]]],
                    success: ("200", list(ref("Need")), "Les besoins"), errors: ["401", "403", "422"]),
            ],
            "/api/v1/needs/{id}/candidates": [
                "get": operation(
                    "needCandidates", "Les meilleures personnes ressources pour un besoin, avec leurs raisons.", roles: "coordinator",
                    parameters: [
                        idParameter,
                        [
                            "name": "limit", "in": "query", "required": false,
                            "schema": ["type": "integer", "minimum": 1, "maximum": 100],
                        ],
                    ],
                    success: ("200", list(ref("Candidate")), "Les candidats, les meilleurs d'abord"), errors: ["401", "403", "404", "422"])
            ],
            "/api/v1/matching/batch": [
                "post": operation(
                    "batchMatching", "Proposer une affectation des besoins à pourvoir (le plus de besoins, puis le meilleur score).",
                    roles: "coordinator", request: body([], ["needIds": ["type": "array", "items": uuid]]),
                    success: ("200", ref("BatchResult"), "La proposition (rien n'est affecté)"), errors: ["400", "401", "403", "413", "422"])
            ],
            "/api/v1/needs/{id}/propose": [
                "post": operation(
                    "proposeNeed", "Confirmer : proposer le besoin à une personne ressource.", roles: "coordinator",
                    request: body(["resourcePersonId"], ["resourcePersonId": uuid]), parameters: [idParameter],
                    success: ("200", ref("Need"), "Le besoin proposé"), errors: write)
            ],
            "/api/v1/needs/{id}/accept": [
                "post": operation(
                    "acceptNeed", "Accepter une mission proposée.", roles: "volunteer", parameters: [idParameter],
                    success: ("200", ref("Need"), "La mission"), errors: noBody)
            ],
            "/api/v1/needs/{id}/decline": [
                "post": operation(
                    "declineNeed", "Décliner une mission proposée.", roles: "volunteer", parameters: [idParameter],
                    success: ("200", ref("Need"), "La mission"), errors: noBody)
            ],
            "/api/v1/needs/{id}/hours": [
                "post": operation(
                    "declareHours", "Déclarer la mission faite et sa durée.", roles: "volunteer",
                    request: body(["minutes"], ["minutes": ["type": "integer", "minimum": 5, "maximum": 720]]), parameters: [idParameter],
                    success: ("200", ref("Need"), "La mission"), errors: write)
            ],
            "/api/v1/needs/{id}/hours/verify": [
                "post": operation(
                    "verifyHours", "Vérifier les heures déclarées (elles comptent alors).", roles: "coordinator",
                    parameters: [idParameter], success: ("200", ref("Need"), "La mission"), errors: noBody)
            ],
            "/api/v1/needs/{id}/cancel": [
                "post": operation(
                    "cancelNeed", "Annuler un besoin à pourvoir ou proposé.", roles: "coordinator", parameters: [idParameter],
                    success: ("200", ref("Need"), "Le besoin"), errors: noBody)
            ],
            "/api/v1/energies/dashboard": [
                "get": operation(
                    "energiesDashboard", "Heures vérifiées du mois face à l'objectif, par compétence et quartier ; besoins émergents.",
                    roles: "coordinator", success: ("200", ref("EnergiesDashboard"), "Le tableau de bord"))
            ],
        ]
    }

    static var energiesSchemas: [String: JSONValue] {
        let strings: JSONValue = ["type": "array", "items": ["type": "string"]]
        let slot = body(
            ["weekday", "start", "end"],
            [
                "weekday": ["type": "integer", "minimum": 1, "maximum": 7],
                "start": ["type": "string", "pattern": "^[0-9]{1,2}:[0-9]{2}$"],
                "end": ["type": "string", "pattern": "^[0-9]{1,2}:[0-9]{2}$"],
            ])
        let part = body(["name", "minutes"], ["name": ["type": "string"], "minutes": ["type": "integer"]])
        return [
            "ResourcePerson": body(
                [
                    "id", "name", "kind", "professional", "skills", "availability", "neighbourhoods", "maxMinutesPerMonth",
                    "motivations", "languages", "paused",
                ],
                [
                    "id": uuid, "accountId": nullableUUID, "name": ["type": "string"], "kind": enumeration(ResourceKind.allCases.map(\.rawValue)),
                    "professional": ["type": "boolean"], "skills": strings, "availability": ["type": "array", "items": slot],
                    "neighbourhoods": strings, "maxMinutesPerMonth": ["type": "integer"], "motivations": strings, "languages": strings,
                    "paused": ["type": "boolean"],
                ]),
            "ResourcePersonInput": body(
                ["name", "skills", "availability", "neighbourhoods", "maxMinutesPerMonth", "motivations", "professional"],
                [
                    "name": ["type": "string", "minLength": 1, "maxLength": 120], "skills": ["type": "array", "minItems": 1, "items": ["type": "string"]],
                    "availability": ["type": "array", "items": slot], "neighbourhoods": strings,
                    "maxMinutesPerMonth": ["type": "integer", "minimum": 30, "maximum": .int(ResourceRules.maxMonthlyCap)],
                    "motivations": ["type": "array", "items": enumeration(Motivation.allCases.map(\.rawValue))], "professional": ["type": "boolean"],
                    "kind": enumeration(ResourceKind.allCases.map(\.rawValue)), "languages": strings, "accountId": uuid,
                    "absences": [
                        "type": "array",
                        "items": body(
                            ["from", "to"],
                            [
                                "from": ["type": "string", "format": "date"],
                                "to": ["type": "string", "format": "date"],
                            ]),
                    ],
                ]),
            "Need": body(
                ["id", "title", "skills", "neighbourhood", "durationMinutes", "urgency", "professionalOnly", "status", "origin", "createdAt"],
                [
                    "id": uuid, "title": ["type": "string"], "skills": strings, "neighbourhood": ["type": "string"],
                    "weekday": ["type": ["integer", "null"]], "start": nullableString, "end": nullableString, "durationMinutes": ["type": "integer"],
                    "urgency": ["type": "string"], "professionalOnly": ["type": "boolean"], "status": enumeration(NeedStatus.allCases.map(\.rawValue)),
                    "origin": enumeration(NeedOrigin.allCases.map(\.rawValue)), "resourcePersonId": nullableUUID,
                    "minutes": ["type": ["integer", "null"]], "hoursStatus": nullableString, "createdAt": dateTime,
                ]),
            "NeedInput": body(
                ["title", "skills", "neighbourhood", "durationMinutes", "urgency", "professionalOnly"],
                [
                    "title": ["type": "string", "minLength": 1, "maxLength": 200], "skills": ["type": "array", "minItems": 1, "items": ["type": "string"]],
                    "neighbourhood": ["type": "string", "minLength": 1], "weekday": ["type": "integer", "minimum": 1, "maximum": 7],
                    "start": ["type": "string", "pattern": "^[0-9]{1,2}:[0-9]{2}$"], "end": ["type": "string", "pattern": "^[0-9]{1,2}:[0-9]{2}$"],
                    "durationMinutes": ["type": "integer", "minimum": 15, "maximum": 480], "urgency": enumeration(SignalUrgency.allCases.map(\.rawValue)),
                    "professionalOnly": ["type": "boolean"], "personId": uuid, "signalId": uuid,
                ]),
            "Candidate": body(["resourcePersonId", "score", "reasons"], ["resourcePersonId": uuid, "score": ["type": "integer"], "reasons": strings]),
            "BatchResult": body(
                ["assignments", "unassigned"],
                [
                    "assignments": [
                        "type": "array",
                        "items": body(
                            ["needId", "resourcePersonId", "score"],
                            ["needId": uuid, "resourcePersonId": uuid, "score": ["type": "integer"]]),
                    ],
                    "unassigned": ["type": "array", "items": uuid],
                ]),
            "EnergiesDashboard": body(
                ["monthMinutes", "goalMinutes", "bySkill", "byNeighbourhood", "toVerify", "alerts"],
                [
                    "monthMinutes": ["type": "integer"], "goalMinutes": ["type": "integer"], "bySkill": ["type": "array", "items": part],
                    "byNeighbourhood": ["type": "array", "items": part], "toVerify": ["type": "integer"],
                    "alerts": [
                        "type": "array",
                        "items": body(
                            ["id", "kind", "neighbourhood", "count", "expected", "raisedAt"],
                            [
                                "id": uuid, "kind": ["type": "string"], "neighbourhood": ["type": "string"],
                                "count": ["type": "integer"], "expected": ["type": "number"],
                                "raisedAt": ["type": "string", "format": "date-time"],
                            ]),
                    ],
                ]),
        ]
    }
}
