package io.agreementgate.runtime.tools;

import io.agreementgate.runtime.config.ConfigurationException;
import io.agreementgate.topology.config.GateTopic;
import io.agreementgate.topology.config.GateTopics;
import io.agreementgate.topology.config.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** The value schema of a topic for the console producer: a short name, a generated class, a schema file, or a guess. */
public final class ValueTypes {
    private static final Map<String, Schema> SHORT_NAMES = byShortName();

    private ValueTypes() {}

    /**
     * @param valueType a short name ({@link #shortNames()}), or the class name of a generated Avro class; may be null
     * @param schemaFile an {@code .avsc} file; may be null
     * @param topics the gate's topics, to guess the type of one of them when neither is given
     */
    public static Schema resolve(String valueType, Path schemaFile, String topic, Topics topics) {
        if (valueType != null && schemaFile != null) {
            throw new ConfigurationException("give --value-type or --value-schema-file, not both");
        }
        if (schemaFile != null) {
            return parse(schemaFile);
        }
        if (valueType != null) {
            return byName(valueType);
        }
        Schema guessed = GateTopics.ALL.stream()
                .filter(t -> t.isAvro() && topics.name(t).equals(topic))
                .map(t -> SpecificData.get().getSchema(t.valueType()))
                .findFirst()
                .orElse(null);
        if (guessed == null) {
            throw new ConfigurationException("cannot tell the value type of topic " + topic
                    + ": give --value-type (" + String.join("|", SHORT_NAMES.keySet())
                    + "|<class>) or --value-schema-file");
        }
        return guessed;
    }

    public static Set<String> shortNames() {
        return SHORT_NAMES.keySet();
    }

    private static Schema byName(String valueType) {
        Schema known = SHORT_NAMES.get(valueType.toLowerCase(Locale.ROOT));
        if (known != null) {
            return known;
        }
        try {
            Class<?> type = Class.forName(valueType);
            if (!SpecificRecord.class.isAssignableFrom(type)) {
                throw new ConfigurationException("--value-type " + valueType + " is not a generated Avro class");
            }
            return SpecificData.get().getSchema(type);
        } catch (ClassNotFoundException e) {
            throw new ConfigurationException("unknown --value-type " + valueType + ": use one of "
                    + SHORT_NAMES.keySet() + " or the class name of a generated Avro class");
        }
    }

    private static Schema parse(Path file) {
        try {
            Schema schema = new Schema.Parser().parse(file.toFile());
            if (schema.getType() != Schema.Type.RECORD) {
                throw new ConfigurationException("schema in " + file + " is a " + schema.getType() + ", not a record");
            }
            return schema;
        } catch (IOException | SchemaParseException e) {
            throw new ConfigurationException("cannot read schema file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Schema> byShortName() {
        Map<String, Schema> names = new LinkedHashMap<>();
        GateTopics.ALL.stream()
                .filter(GateTopic::isAvro)
                .forEach(t -> names.put(t.shortName(), SpecificData.get().getSchema(t.valueType())));
        return Collections.unmodifiableMap(names);
    }
}
