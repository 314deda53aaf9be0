package io.agreementgate.embedded;

/** A Confluent Schema Registry error: HTTP status plus Confluent's {@code error_code} and message. */
final class RegistryError extends Exception {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int errorCode;

    RegistryError(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    int httpStatus() {
        return httpStatus;
    }

    int errorCode() {
        return errorCode;
    }

    static RegistryError subjectNotFound(String subject) {
        return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryError versionNotFound(int version) {
        return new RegistryError(404, 40402, "Version " + version + " not found.");
    }

    static RegistryError schemaNotFound(String detail) {
        return new RegistryError(404, 40403, detail);
    }

    static RegistryError invalidSchema(String detail) {
        return new RegistryError(422, 42201, detail);
    }

    static RegistryError invalidVersion(String version) {
        return new RegistryError(
                422,
                42202,
                "The specified version '" + version + "' is not a valid version id. "
                        + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryError incompatible(String detail) {
        return new RegistryError(409, 409, detail);
    }

    static RegistryError badRequest(String detail) {
        return new RegistryError(400, 400, detail);
    }

    static RegistryError notFound() {
        return new RegistryError(404, 404, "HTTP 404 Not Found");
    }

    static RegistryError methodNotAllowed() {
        return new RegistryError(405, 405, "HTTP 405 Method Not Allowed");
    }

    static RegistryError storeError(String detail) {
        return new RegistryError(500, 50001, "Error in the backend data store - " + detail);
    }
}
