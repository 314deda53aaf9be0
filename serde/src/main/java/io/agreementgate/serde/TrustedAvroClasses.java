package io.agreementgate.serde;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Since 1.12.1 Avro refuses to load any class by name that is not explicitly trusted (a defence against schemas that
 * name arbitrary classes), and that includes our own generated classes: reading a specific record or deep-copying one
 * ({@code Order.newBuilder(order)}) fails with "Forbidden ... is not trusted". This trusts exactly the generated
 * classes of the record types the application asked for (the type and the records, enums and fixed types in its
 * schema), adding them to Avro's global validator without dropping what else is trusted there (e.g. the
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES} system property).
 */
public final class TrustedAvroClasses {

    private static final Set<String> TRUSTED = ConcurrentHashMap.newKeySet();
    private static final ClassSecurityPredicate OURS = type -> TRUSTED.contains(type.getName());
    private static ClassSecurityPredicate installed;

    private TrustedAvroClasses() {}

    /** Trusts {@code type} and every generated class its schema refers to. */
    public static void trust(Class<? extends SpecificRecord> type) {
        trust(SpecificData.getForClass(type).getSchema(type));
    }

    static void trust(Schema schema) {
        collect(schema);
        install();
    }

    private static void collect(Schema schema) {
        switch (schema.getType()) {
            case RECORD -> {
                if (TRUSTED.add(SpecificData.getClassName(schema))) {
                    schema.getFields().forEach(field -> collect(field.schema()));
                }
            }
            case ENUM, FIXED -> TRUSTED.add(SpecificData.getClassName(schema));
            case ARRAY -> collect(schema.getElementType());
            case MAP -> collect(schema.getValueType());
            case UNION -> schema.getTypes().forEach(TrustedAvroClasses::collect);
            default -> {}
        }
    }

    /** Puts our predicate in front of the global one, again if someone replaced the global one meanwhile. */
    private static synchronized void install() {
        ClassSecurityPredicate global = ClassSecurityValidator.getGlobal();
        if (global != installed) {
            installed = ClassSecurityValidator.composite(OURS, global);
            ClassSecurityValidator.setGlobal(installed);
        }
    }
}
