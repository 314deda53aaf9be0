package io.agreementgate.runtime.shipped;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's Dockerfile as Docker reads it: instructions with their line continuations joined and comments dropped,
 * grouped by stage. Enough of the syntax for what the tests ask of it (exec-form ENTRYPOINT and CMD as JSON arrays,
 * ENV key=value pairs); a form it does not know fails the test instead of being guessed.
 */
record Dockerfile(List<Stage> stages) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ENV_PAIR = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"[^\"]*\"|\\S*)");

    record Instruction(String keyword, String arguments) {}

    record Stage(String from, String name, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream()
                    .filter(i -> i.keyword().equals(keyword))
                    .toList();
        }

        /** The last instruction of this kind (Docker uses the last ENTRYPOINT, CMD, WORKDIR in effect). */
        String last(String keyword) {
            List<Instruction> found = all(keyword);
            if (found.isEmpty()) {
                throw new IllegalStateException("no " + keyword + " in stage " + name);
            }
            return found.get(found.size() - 1).arguments();
        }

        /** An exec-form instruction ({@code ["a", "b"]}) as its words. */
        List<String> exec(String keyword) {
            String arguments = last(keyword);
            if (!arguments.startsWith("[")) {
                throw new IllegalStateException(keyword + " is not in exec form: " + arguments);
            }
            try {
                return JSON.readValue(arguments, new TypeReference<List<String>>() {});
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Every ENV of the stage, in order ({@code ENV a=1 b=2} form only). */
        Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction instruction : all("ENV")) {
                Matcher pair = ENV_PAIR.matcher(instruction.arguments());
                int end = 0;
                while (pair.find()) {
                    if (!instruction.arguments().substring(end, pair.start()).isBlank()) {
                        throw new IllegalStateException("ENV not in key=value form: " + instruction.arguments());
                    }
                    String value = pair.group(2);
                    env.put(pair.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
                    end = pair.end();
                }
                if (end == 0) {
                    throw new IllegalStateException("ENV not in key=value form: " + instruction.arguments());
                }
            }
            return env;
        }
    }

    static Dockerfile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        StringBuilder pending = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.isEmpty())) {
                continue;
            }
            boolean continued = line.endsWith("\\");
            pending.append(continued ? line.substring(0, line.length() - 1) : line)
                    .append(' ');
            if (continued) {
                continue;
            }
            String text = pending.toString().strip().replaceAll("\\s+", " ");
            pending.setLength(0);
            int space = text.indexOf(' ');
            String keyword = text.substring(0, space).toUpperCase(Locale.ROOT);
            String arguments = text.substring(space + 1);
            if (keyword.equals("FROM")) {
                String[] words = arguments.strip().split(" +", -1);
                current = new ArrayList<>();
                String name = words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : "";
                stages.add(new Stage(words[0], name, current));
            } else if (current == null) {
                throw new IllegalStateException(keyword + " before FROM in " + file);
            } else {
                current.add(new Instruction(keyword, arguments));
            }
        }
        return new Dockerfile(List.copyOf(stages));
    }

    Stage stage(String name) {
        return stages.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no stage " + name));
    }

    /** The stage the image is made of. */
    Stage image() {
        return stages.get(stages.size() - 1);
    }
}
