package io.agreementgate.runtime.shipped;

import io.agreementgate.testkit.TestFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Dockerfile makes of the distribution archive, read from the Dockerfile itself: where the build stage unpacks
 * the archive and what it removes, where the image installs it, and how the image runs it. {@link #install} lays out
 * the same under a local folder standing for the container's file system, so a test runs what the image runs.
 *
 * @param archiveDir where the build stage unpacks the archive ({@code tar -C}), components stripped
 * @param removed what the build stage deletes from it before the image copies it ({@code rm -rf}), absolute paths
 * @param installDir where the image copies the unpacked archive
 * @param command ENTRYPOINT followed by CMD: what {@code docker run IMAGE} runs
 * @param workdir the image's WORKDIR
 * @param env the image's ENV
 */
record ImageLayout(
        String archiveDir,
        List<String> removed,
        String installDir,
        List<String> command,
        String workdir,
        String user,
        Map<String, String> env) {
    private static final Pattern UNPACK =
            Pattern.compile("tar xzf runtime/target/agreement-gate-\\*\\.tar\\.gz -C (\\S+) --strip-components=1");
    private static final Pattern REMOVE = Pattern.compile("rm -rf (\\S+)");
    private static final Pattern COPY_FROM_BUILD = Pattern.compile("--from=(\\S+) (\\S+) (\\S+)");

    static ImageLayout of(Dockerfile dockerfile) {
        Dockerfile.Stage image = dockerfile.image();
        String copy = image.all("COPY").stream()
                .map(Dockerfile.Instruction::arguments)
                .filter(a -> a.startsWith("--from="))
                .reduce((a, b) -> {
                    throw new IllegalStateException("more than one COPY --from: " + a + "; " + b);
                })
                .orElseThrow(() -> new IllegalStateException("the image copies nothing from a build stage"));
        Matcher from = COPY_FROM_BUILD.matcher(copy);
        if (!from.matches()) {
            throw new IllegalStateException("COPY not understood: " + copy);
        }
        String build = String.join(
                " && ",
                dockerfile.stage(from.group(1)).all("RUN").stream()
                        .map(Dockerfile.Instruction::arguments)
                        .toList());
        Matcher unpack = UNPACK.matcher(build);
        if (!unpack.find()) {
            throw new IllegalStateException("the build stage does not unpack the distribution archive: " + build);
        }
        String archiveDir = trimSlash(unpack.group(1));
        if (!trimSlash(from.group(2)).equals(archiveDir)) {
            throw new IllegalStateException("the image copies " + from.group(2) + ", not the unpacked " + archiveDir);
        }
        List<String> removed = new ArrayList<>();
        Matcher remove = REMOVE.matcher(build);
        while (remove.find()) {
            removed.add(trimSlash(remove.group(1)));
        }
        List<String> command = new ArrayList<>(image.exec("ENTRYPOINT"));
        command.addAll(image.exec("CMD"));
        return new ImageLayout(
                archiveDir,
                List.copyOf(removed),
                trimSlash(from.group(3)),
                List.copyOf(command),
                image.last("WORKDIR"),
                image.last("USER"),
                image.env());
    }

    /** What the build stage removes from the unpacked archive, relative to it (e.g. {@code lib/embedded}). */
    List<String> removedFromArchive() {
        return removed.stream()
                .filter(p -> p.startsWith(archiveDir + "/"))
                .map(p -> p.substring(archiveDir.length() + 1))
                .toList();
    }

    /**
     * Unpacks {@code archive} as the build stage does and puts it where the image has it, under {@code root} (the
     * container's "/"); returns {@code root}.
     */
    Path install(Path archive, Path root) throws IOException, InterruptedException {
        Path install = inContainer(root, installDir);
        Files.createDirectories(install);
        Process tar = new ProcessBuilder(
                        "tar", "xzf", archive.toString(), "-C", install.toString(), "--strip-components=1")
                .redirectErrorStream(true)
                .start();
        if (!tar.waitFor(300, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new IOException(
                    "tar failed: " + new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        for (String path : removedFromArchive()) {
            deleteRecursively(install.resolve(path));
        }
        Files.createDirectories(inContainer(root, workdir));
        return root;
    }

    /** The command with its container paths under {@code root}. */
    List<String> command(Path root) {
        return command.stream().map(word -> mapped(root, word)).toList();
    }

    /** The image's environment, container paths under {@code root}, then {@code more} on top (as compose does). */
    Map<String, String> environment(Path root, Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>();
        env.forEach((k, v) -> all.put(k, mapped(root, v)));
        more.forEach((k, v) -> all.put(k, mapped(root, v)));
        return all;
    }

    /** A container path (absolute) under {@code root}; anything else unchanged. */
    static String mapped(Path root, String value) {
        return value.startsWith("/") ? inContainer(root, value).toString() : value;
    }

    static Path inContainer(Path root, String absolute) {
        return root.resolve(absolute.substring(1));
    }

    private static String trimSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new IOException("the Dockerfile removes " + path + ", which the archive does not have");
        }
        TestFiles.deleteRecursively(path);
    }
}
