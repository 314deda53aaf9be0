package io.agreementgate.embedded;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Confluent Schema Registry endpoints over a {@link SchemaStore}, with Confluent's paths, query parameters
 * ({@code deleted}, {@code permanent}, {@code verbose}, {@code defaultToGlobal}), answer shapes and error codes.
 */
final class RegistryHandlers {

    /** Confluent's registry keeps schemas in a Kafka topic with 1 MB records: larger bodies cannot be real schemas. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private RegistryHandlers() {}

    static RegistryRouter router(SchemaStore store) {
        return router(store, MAX_BODY_BYTES);
    }

    /** Wires every endpoint into a router; each handler is a line or two over the store. */
    static RegistryRouter router(SchemaStore store, int maxBodyBytes) {
        RegistryRouter router = new RegistryRouter(maxBodyBytes)
                // An empty object, as Confluent answers: a health probe.
                .route("GET", "/", request -> Map.of())
                .route("GET", "/mode", request -> Map.of("mode", "READWRITE"))
                .route("GET", "/schemas/types", request -> List.of("AVRO"));
        configRoutes(router, store);
        schemaRoutes(router, store);
        subjectRoutes(router, store);
        return router.route(
                        "POST",
                        "/compatibility/subjects/{subject}/versions",
                        request -> compatibility(store, request, null))
                .route(
                        "POST",
                        "/compatibility/subjects/{subject}/versions/{version}",
                        request -> compatibility(store, request, parseVersion(request.param("version"))));
    }

    private static void configRoutes(RegistryRouter router, SchemaStore store) {
        router.route("GET", "/config", request -> new ConfigBody(store.globalCompatibility()))
                .route("PUT", "/config", request -> {
                    RegistryCompatibility level = requestedLevel(request.json());
                    store.setCompatibility(null, level);
                    return new ConfigUpdate(level);
                })
                .route("DELETE", "/config", request -> {
                    RegistryCompatibility previous = store.globalCompatibility();
                    store.setCompatibility(null, null);
                    return new ConfigBody(previous);
                })
                .route("GET", "/config/{subject}", request -> {
                    String subject = request.param("subject");
                    return new ConfigBody(store.subjectCompatibility(subject)
                            .or(() -> request.flag("defaultToGlobal")
                                    ? Optional.of(store.globalCompatibility())
                                    : Optional.empty())
                            .orElseThrow(() -> RegistryError.subjectCompatibilityNotConfigured(subject)));
                })
                .route("PUT", "/config/{subject}", request -> {
                    RegistryCompatibility level = requestedLevel(request.json());
                    store.setCompatibility(request.param("subject"), level);
                    return new ConfigUpdate(level);
                })
                .route("DELETE", "/config/{subject}", request -> {
                    String subject = request.param("subject");
                    if (!store.subjectExists(subject)) {
                        throw RegistryError.subjectNotFound(subject);
                    }
                    RegistryCompatibility previous = store.subjectCompatibility(subject)
                            .orElseThrow(() -> RegistryError.subjectCompatibilityNotConfigured(subject));
                    store.setCompatibility(subject, null);
                    return new ConfigBody(previous);
                });
    }

    private static void schemaRoutes(RegistryRouter router, SchemaStore store) {
        router.route("GET", "/schemas/ids/{id}", request -> new SchemaBody(schemaById(store, request)))
                .route("GET", "/schemas/ids/{id}/schema", request -> rawSchema(schemaById(store, request)))
                .route(
                        "GET",
                        "/schemas/ids/{id}/versions",
                        request -> store.usages(schemaId(request), request.flag("deleted")).stream()
                                .map(v -> new SubjectVersionRef(v.subject(), v.version()))
                                .toList())
                .route(
                        "GET",
                        "/schemas/ids/{id}/subjects",
                        request -> store.usages(schemaId(request), request.flag("deleted")).stream()
                                .map(SchemaStore.SubjectVersion::subject)
                                .distinct()
                                .toList());
    }

    private static void subjectRoutes(RegistryRouter router, SchemaStore store) {
        router.route("GET", "/subjects", request -> store.subjects(request.flag("deleted")))
                // Which version of the subject holds this schema.
                .route(
                        "POST",
                        "/subjects/{subject}",
                        request -> VersionBody.of(store.lookup(
                                request.param("subject"), avroSchemaText(request.json()), request.flag("deleted"))))
                .route(
                        "DELETE",
                        "/subjects/{subject}",
                        request -> store.deleteSubject(request.param("subject"), request.flag("permanent")))
                .route(
                        "GET",
                        "/subjects/{subject}/versions",
                        request -> store.versions(request.param("subject"), request.flag("deleted")))
                .route(
                        "POST",
                        "/subjects/{subject}/versions",
                        request -> new IdBody(store.register(request.param("subject"), avroSchemaText(request.json()))))
                .route(
                        "GET",
                        "/subjects/{subject}/versions/{version}",
                        request -> VersionBody.of(store.version(
                                request.param("subject"),
                                parseVersion(request.param("version")),
                                request.flag("deleted"))))
                .route(
                        "GET",
                        "/subjects/{subject}/versions/{version}/schema",
                        request -> rawSchema(store.version(
                                        request.param("subject"),
                                        parseVersion(request.param("version")),
                                        request.flag("deleted"))
                                .schema()))
                .route(
                        "DELETE",
                        "/subjects/{subject}/versions/{version}",
                        request -> store.deleteVersion(
                                request.param("subject"),
                                parseVersion(request.param("version")),
                                request.flag("permanent")));
    }

    record IdBody(int id) {}

    record SchemaBody(String schema) {}

    record SubjectVersionRef(String subject, int version) {}

    record VersionBody(String subject, int version, int id, String schema) {
        static VersionBody of(SchemaStore.SubjectVersion v) {
            return new VersionBody(v.subject(), v.version(), v.id(), v.schema());
        }
    }

    /** What GET and DELETE on a config answer (Confluent's field name differs from the PUT answer's). */
    record ConfigBody(RegistryCompatibility compatibilityLevel) {}

    record ConfigUpdate(RegistryCompatibility compatibility) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CompatibilityBody(
            @JsonProperty("is_compatible") boolean compatible,
            @JsonProperty("messages") List<String> messages) {}

    private static CompatibilityBody compatibility(SchemaStore store, RegistryRouter.Request request, Integer version)
            throws RegistryError {
        List<String> problems =
                store.compatibilityProblems(request.param("subject"), version, avroSchemaText(request.json()));
        return new CompatibilityBody(problems.isEmpty(), request.flag("verbose") ? problems : null);
    }

    private static RegistryCompatibility requestedLevel(JsonNode body) throws RegistryError {
        JsonNode level = body.get("compatibility");
        if (level == null || !level.isTextual()) {
            throw RegistryError.invalidCompatibilityLevel();
        }
        return RegistryCompatibility.parse(level.asText());
    }

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

    private static int schemaId(RegistryRouter.Request request) throws RegistryError {
        try {
            return Integer.parseInt(request.param("id"));
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound();
        }
    }

    private static String schemaById(SchemaStore store, RegistryRouter.Request request) throws RegistryError {
        int id = schemaId(request);
        return store.schemaById(id).orElseThrow(() -> RegistryError.schemaNotFound(id));
    }

    /** The schema itself as the JSON answer, as Confluent's {@code /schema} sub-resources do. */
    private static JsonNode rawSchema(String schema) throws RegistryError {
        try {
            return RegistryRouter.JSON.readTree(schema);
        } catch (IOException e) {
            throw RegistryError.storeError("stored schema is not JSON");
        }
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
