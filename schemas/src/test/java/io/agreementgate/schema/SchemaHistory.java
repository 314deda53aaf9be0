package io.agreementgate.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;

/**
 * Reads the committed versions of the contract from git, so that a change is checked against what was actually
 * published before it, not against a hand-kept copy.
 */
final class SchemaHistory {
    /** Files that others reference by name are parsed first. */
    static final List<String> FILES = List.of(
            "AgreementAttestation.avsc",
            "Order.avsc",
            "ApprovedOrder.avsc",
            "RejectedOrder.avsc",
            "RejectedAttestation.avsc",
            "internal/CustomerAgreements.avsc",
            "internal/WaitingOrders.avsc");

    static final String AVRO_DIR = "schemas/src/main/avro/";

    private SchemaHistory() {}

    /** @return every commit that touched the contract, newest first; empty when git or the history is absent. */
    static List<String> commits(Path repoRoot) {
        return git(repoRoot, "log", "--format=%H", "--", AVRO_DIR)
                .map(out -> out.lines().filter(l -> !l.isBlank()).toList())
                .orElse(List.of());
    }

    /** The top-level schemas as committed at {@code commit}, by full name. */
    static Map<String, Schema> at(Path repoRoot, String commit) {
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (String file : FILES) {
            git(repoRoot, "show", commit + ":" + AVRO_DIR + file).ifPresent(text -> {
                Schema schema = parser.parse(text);
                schemas.put(schema.getFullName(), schema);
            });
        }
        return schemas;
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(".git"))) {
            dir = dir.getParent();
        }
        return dir;
    }

    private static java.util.Optional<String> git(Path repoRoot, String... args) {
        if (repoRoot == null) {
            return java.util.Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of("git", "-C", repoRoot.toString()));
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(false).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }
}
