package io.agreementgate.embedded;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches requests to small handlers by method and path template ({@code /subjects/{subject}/versions}), writes
 * JSON answers with Confluent's content type, and turns {@link RegistryError}s into Confluent error bodies.
 */
final class RegistryRouter implements HttpHandler {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    static final ObjectMapper JSON = new ObjectMapper();

    private static final Logger LOG = LoggerFactory.getLogger(RegistryRouter.class);

    /** A request with its decoded path and query parameters and (lazily parsed) JSON body. */
    static final class Request {
        private final Map<String, String> pathParams;
        private final Map<String, String> queryParams;
        private final byte[] body;

        Request(Map<String, String> pathParams, Map<String, String> queryParams, byte[] body) {
            this.pathParams = pathParams;
            this.queryParams = queryParams;
            this.body = body;
        }

        String param(String name) {
            return pathParams.get(name);
        }

        /** A boolean query parameter such as {@code deleted=true}; absent or anything but "true" is false. */
        boolean flag(String name) {
            return Boolean.parseBoolean(queryParams.get(name));
        }

        JsonNode json() throws RegistryError {
            if (body.length == 0) {
                return MissingNode.getInstance();
            }
            try {
                return JSON.readTree(body);
            } catch (JsonProcessingException e) {
                throw RegistryError.badRequest("Malformed JSON request body: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw RegistryError.badRequest("Unreadable request body");
            }
        }
    }

    /** One endpoint: returns the object to serialize as the 200 answer, or throws a {@link RegistryError}. */
    @FunctionalInterface
    interface Handler {
        Object handle(Request request) throws RegistryError;
    }

    /** Confluent's error body. */
    record ErrorBody(
            @JsonProperty("error_code") int errorCode,
            @JsonProperty("message") String message) {}

    private record Route(String method, List<String> template, Handler handler) {}

    private static final int DRAIN_LIMIT_FACTOR = 16;

    private final List<Route> routes = new ArrayList<>();
    private final int maxBodyBytes;

    /** Bodies above {@code maxBodyBytes} are refused with 413 before they are read into memory. */
    RegistryRouter(int maxBodyBytes) {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive: " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    RegistryRouter route(String method, String pathTemplate, Handler handler) {
        routes.add(new Route(method, List.of(segments(pathTemplate)), handler));
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri;
            try {
                uri = exchange.getRequestURI();
            } catch (IllegalArgumentException e) {
                // A malformed escape Java's URI refuses: a bad request, as the JDK's server answered it.
                respond(exchange, 400, new ErrorBody(400, "Malformed percent-encoding in the request URI"));
                return;
            }
            int status;
            Object body;
            try {
                body = dispatch(exchange);
                status = 200;
            } catch (RegistryError e) {
                status = e.httpStatus();
                body = new ErrorBody(e.errorCode(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("Schema registry request {} {} failed", exchange.getRequestMethod(), uri.getRawPath(), e);
                status = 500;
                body = new ErrorBody(50001, "Error in the backend data store - see the registry's log");
            }
            respond(exchange, status, body);
        }
    }

    private Object dispatch(HttpExchange exchange) throws IOException, RegistryError {
        String method = exchange.getRequestMethod();
        String[] path = segments(exchange.getRequestURI().getRawPath());
        boolean pathMatched = false;
        for (Route route : routes) {
            Map<String, String> params = match(route.template(), path);
            if (params == null) {
                continue;
            }
            pathMatched = true;
            if (route.method().equalsIgnoreCase(method)) {
                return route.handler().handle(new Request(params, query(exchange), body(exchange)));
            }
        }
        throw pathMatched ? RegistryError.methodNotAllowed() : RegistryError.notFound();
    }

    /**
     * Reads the body, refusing one above the limit. The excess is read and discarded (up to a bound) so that the
     * client, still sending, gets the 413 answer rather than a reset connection.
     */
    private byte[] body(HttpExchange exchange) throws IOException, RegistryError {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(maxBodyBytes + 1);
            if (body.length > maxBodyBytes) {
                // read(), not skip(): the JDK server's bounded body stream passes skip() to the socket.
                byte[] discard = new byte[8192];
                long drained = 0;
                int read;
                while (drained < DRAIN_LIMIT_FACTOR * (long) maxBodyBytes && (read = in.read(discard)) > 0) {
                    drained += read;
                }
                throw RegistryError.bodyTooLarge(maxBodyBytes);
            }
            return body;
        }
    }

    private static Map<String, String> query(HttpExchange exchange) throws RegistryError {
        String raw = exchange.getRequestURI().getRawQuery();
        Map<String, String> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&", -1)) {
            if (pair.isEmpty()) {
                continue; // "a=1&" or "&&": no parameter there
            }
            int eq = pair.indexOf('=');
            String name = percentDecode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : percentDecode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static Map<String, String> match(List<String> template, String[] path) throws RegistryError {
        if (template.size() != path.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            if (t.startsWith("{") && t.endsWith("}")) {
                params.put(t.substring(1, t.length() - 1), decode(path[i]));
            } else if (!t.equals(path[i])) {
                return null;
            }
        }
        return params;
    }

    /** Percent-decodes one raw path segment; '+' stays a plus sign in a path. */
    static String decode(String rawSegment) throws RegistryError {
        return percentDecode(rawSegment.replace("+", "%2B"));
    }

    private static String percentDecode(String raw) throws RegistryError {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw RegistryError.badRequest("Malformed percent-encoding in the request URI: " + raw);
        }
    }

    private static String[] segments(String rawPath) {
        return Arrays.stream(rawPath.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            status = 500;
            bytes = JSON.writeValueAsBytes(new ErrorBody(50001, "Cannot serialize the answer"));
        }
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        if ("HEAD".equalsIgnoreCase(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
