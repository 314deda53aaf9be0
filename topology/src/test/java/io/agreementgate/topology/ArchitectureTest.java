package io.agreementgate.topology;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The topology module's shape, checked on its compiled classes rather than promised in prose. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.agreementgate.topology");

    @Test
    void shouldHaveNoCycleBetweenItsPackages() {
        slices().matching("io.agreementgate.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    /** The topology is a pure function of its configuration: the runner owns Kafka clients, files and sockets. */
    @Test
    void shouldDoNoIoOfItsOwn() {
        noClasses().should().dependOnClassesThat(DOING_IO).check(CLASSES);
    }

    private static final Set<String> IO_PACKAGES = Set.of(
            "java.nio.file", "java.net.http", "org.apache.kafka.clients.admin", "org.apache.kafka.clients.producer");
    private static final Set<String> IO_CLASSES = Set.of(
            "java.io.File",
            "java.io.FileInputStream",
            "java.io.FileOutputStream",
            "java.net.Socket",
            "java.net.ServerSocket",
            "java.net.URL",
            "java.net.HttpURLConnection",
            "org.apache.kafka.clients.consumer.KafkaConsumer",
            "org.apache.kafka.streams.KafkaStreams");
    /** Plain values of those packages: a production exception handler receives and returns ProducerRecords. */
    private static final Set<String> NO_IO = Set.of("org.apache.kafka.clients.producer.ProducerRecord");

    private static final DescribedPredicate<JavaClass> DOING_IO = DescribedPredicate.describe(
            "do I/O (files, sockets, HTTP, Kafka clients, KafkaStreams)",
            c -> (IO_PACKAGES.contains(c.getPackageName()) && !NO_IO.contains(c.getFullName()))
                    || IO_CLASSES.contains(c.getFullName()));

    @Test
    void shouldKeepThePolicyFreeOfKafka() {
        noClasses()
                .that()
                .resideInAPackage("io.agreementgate.topology.policy..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..")
                .check(CLASSES);
    }
}
