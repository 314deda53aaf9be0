package io.agreementgate.embedded;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The Confluent Schema Registry endpoints, one small handler each, over a {@link SchemaStore}. */
final class RegistryHandlers {

    private RegistryHandlers() {}

    /** Wires every endpoint into a router. */
    static RegistryRouter router(SchemaStore store) {
        return new RegistryRouter()
                .route("GET", "/", new Root())
                .route("GET", "/config", new GlobalConfig())
                .route("GET", "/subjects", new ListSubjects(store))
                .route("POST", "/subjects/{subject}", new LookupSchema(store))
                .route("GET", "/subjects/{subject}/versions", new ListVersions(store))
                .route("POST", "/subjects/{subject}/versions", new RegisterSchema(store))
                .route("GET", "/subjects/{subject}/versions/{version}", new GetVersion(store))
                .route("GET", "/schemas/ids/{id}", new GetSchemaById(store));
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

    /** {@code GET /}: an empty object, as Confluent answers; a health probe. */
    static final class Root implements RegistryRouter.Handler {
        @Override
        public Object handle(RegistryRouter.Request request) {
            return Map.of();
        }
    }

    /** {@code GET /config}. */
    static final class GlobalConfig implements RegistryRouter.Handler {
        @Override
        public Object handle(RegistryRouter.Request request) {
            return new ConfigBody(SchemaStore.COMPATIBILITY);
        }
    }

    /** {@code GET /subjects}. */
    static final class ListSubjects implements RegistryRouter.Handler {
        private final SchemaStore store;

        ListSubjects(SchemaStore store) {
            this.store = store;
        }

        @Override
        public Object handle(RegistryRouter.Request request) {
            return store.subjects();
        }
    }

    /** {@code GET /subjects/{subject}/versions}. */
    static final class ListVersions implements RegistryRouter.Handler {
        private final SchemaStore store;

        ListVersions(SchemaStore store) {
            this.store = store;
        }

        @Override
        public Object handle(RegistryRouter.Request request) throws RegistryError {
            return store.versions(request.param("subject"));
        }
    }

    /** {@code POST /subjects/{subject}/versions}: register, answering {@code {"id":N}}. */
    static final class RegisterSchema implements RegistryRouter.Handler {
        private final SchemaStore store;

        RegisterSchema(SchemaStore store) {
            this.store = store;
        }

        @Override
        public Object handle(RegistryRouter.Request request) throws RegistryError {
            String schema = avroSchemaText(request.json());
            return new IdBody(store.register(request.param("subject"), schema));
        }
    }

    /** {@code POST /subjects/{subject}}: which version of the subject holds this schema. */
    static final class LookupSchema implements RegistryRouter.Handler {
        private final SchemaStore store;

        LookupSchema(SchemaStore store) {
            this.store = store;
        }

        @Override
        public Object handle(RegistryRouter.Request request) throws RegistryError {
            String subject = request.param("subject");
            String schema = avroSchemaText(request.json());
            return VersionBody.of(store.lookup(subject, schema));
        }
    }

    /** {@code GET /subjects/{subject}/versions/{version|latest}}. */
    static final class GetVersion implements RegistryRouter.Handler {
        private final SchemaStore store;

        GetVersion(SchemaStore store) {
            this.store = store;
        }

        @Override
        public Object handle(RegistryRouter.Request request) throws RegistryError {
            return VersionBody.of(store.version(request.param("subject"), parseVersion(request.param("version"))));
        }

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
    }

    /** {@code GET /schemas/ids/{id}}. */
    static final class GetSchemaById implements RegistryRouter.Handler {
        private final SchemaStore store;

        GetSchemaById(SchemaStore store) {
            this.store = store;
        }

        @Override
        public Object handle(RegistryRouter.Request request) throws RegistryError {
            String text = request.param("id");
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
