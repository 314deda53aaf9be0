package io.agreementgate.embedded;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The Confluent Schema Registry endpoints over a {@link SchemaStore}. */
final class RegistryHandlers {

    private RegistryHandlers() {}

    /** Wires every endpoint into a router; each handler is a line over the store. */
    static RegistryRouter router(SchemaStore store) {
        return new RegistryRouter()
                // An empty object, as Confluent answers: a health probe.
                .route("GET", "/", request -> Map.of())
                .route("GET", "/config", request -> new ConfigBody(SchemaStore.COMPATIBILITY))
                .route("GET", "/subjects", request -> store.subjects())
                // Which version of the subject holds this schema.
                .route(
                        "POST",
                        "/subjects/{subject}",
                        request ->
                                VersionBody.of(store.lookup(request.param("subject"), avroSchemaText(request.json()))))
                .route("GET", "/subjects/{subject}/versions", request -> store.versions(request.param("subject")))
                .route(
                        "POST",
                        "/subjects/{subject}/versions",
                        request -> new IdBody(store.register(request.param("subject"), avroSchemaText(request.json()))))
                .route(
                        "GET",
                        "/subjects/{subject}/versions/{version}",
                        request -> VersionBody.of(
                                store.version(request.param("subject"), parseVersion(request.param("version")))))
                .route("GET", "/schemas/ids/{id}", request -> schemaById(store, request.param("id")));
    }

    record IdBody(int id) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SchemaBody(String schema) {}

    record VersionBody(String subject, int version, int id, String schema) {
        static VersionBody of(SchemaStore.SubjectVersion v) {
            return new VersionBody(v.subject(), v.version(), v.id(), v.schema());
        }
    }

    record ConfigBody(String compatibilityLevel) {}

    /** A version number, or {@code latest} (-1). */
    private static int parseVersion(String text) throws RegistryError {
        if ("latest".equalsIgnoreCase(text)) {
            return -1;
        }
        try {
            int version = Integer.parseInt(text);
            if (version == -1 || version > 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw RegistryError.invalidVersion(text);
    }

    private static SchemaBody schemaById(SchemaStore store, String text) throws RegistryError {
        int id;
        try {
            id = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound("Schema " + text + " not found");
        }
        return store.schemaById(id)
                .map(SchemaBody::new)
                .orElseThrow(() -> RegistryError.schemaNotFound("Schema " + id + " not found"));
    }

    /** The {@code schema} field of a register/lookup body; only AVRO (the default type) is supported. */
    static String avroSchemaText(JsonNode body) throws RegistryError {
        if (!body.isObject()) {
            throw RegistryError.badRequest("Request body must be a JSON object with a \"schema\" field");
        }
        JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw RegistryError.invalidSchema("Invalid schema type " + type.asText() + ": only AVRO is supported");
        }
        JsonNode references = body.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            throw RegistryError.invalidSchema("Schema references are not supported");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || schema.isNull() || !schema.isTextual()) {
            throw RegistryError.invalidSchema("Empty schema");
        }
        return schema.asText();
    }
}
