package io.agreementgate.runtime.http;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** The customer routes' access check: {@code Authorization: Bearer <token>}, compared in constant time. */
final class BearerToken {
    private static final String PREFIX = "Bearer ";
    private final byte[] expected;

    /** @param token null: every request is admitted (the endpoint is on loopback) */
    BearerToken(String token) {
        this.expected = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    boolean admits(HttpExchange exchange) {
        if (expected == null) {
            return true;
        }
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] given = header.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }
}
