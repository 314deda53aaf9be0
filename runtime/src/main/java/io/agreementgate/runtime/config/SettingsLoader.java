package io.agreementgate.runtime.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Layers the settings: built-in defaults &lt; properties file &lt; environment variables ({@link EnvironmentMapping})
 * &lt; command-line flags. Later layers replace single keys, never whole groups.
 */
public final class SettingsLoader {
    private SettingsLoader() {}

    /**
     * @param configFile a Java properties file, or null for none
     * @param environment the process environment (only {@code AGREEMENT_GATE_*} variables are read)
     * @param flags settings given on the command line
     */
    public static GateSettings load(Path configFile, Map<String, String> environment, Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new HashMap<>();
        RuntimeSettings.DEFAULTS.forEach((key, value) -> put(values, origins, key, value, GateSettings.DEFAULT_ORIGIN));
        if (configFile != null) {
            String origin = "file " + configFile;
            readFile(configFile).forEach((key, value) -> put(values, origins, key, value, origin));
        }
        Map<String, String> variables = new HashMap<>();
        EnvironmentMapping.settings(environment, variables)
                .forEach(
                        (key, value) -> put(values, origins, key, value, "environment variable " + variables.get(key)));
        flags.forEach((key, value) -> put(values, origins, key, value, "flag"));
        return new GateSettings(values, origins);
    }

    private static void put(
            Map<String, String> values, Map<String, String> origins, String key, String value, String origin) {
        values.put(key.trim(), value.trim());
        origins.put(key.trim(), origin);
    }

    private static Map<String, String> readFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("config file " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigurationException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
        return settings;
    }
}
