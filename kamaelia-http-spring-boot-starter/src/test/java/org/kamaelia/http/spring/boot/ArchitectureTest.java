package org.kamaelia.http.spring.boot;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Configuration;

/**
 * The starter's package split, checked on the compiled classes: the public API ({@code spring.boot}), the runtime
 * pieces ({@code .server}, {@code .metrics}, {@code .actuate}, {@code .diagnostics}) and {@code .autoconfigure},
 * which holds only auto-configuration classes and is used by nothing else.
 */
class ArchitectureTest {
    private static final String API = "org.kamaelia.http.spring.boot";
    private static final String AUTOCONFIGURE = API + ".autoconfigure..";
    private static final String[] RUNTIME = {
        API + ".server..", API + ".metrics..", API + ".actuate..", API + ".diagnostics.."
    };

    private static final JavaClasses STARTER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(API);

    @Test
    void autoconfigureHoldsOnlyAutoConfigurationClasses() {
        classes()
                .that()
                .resideInAPackage(AUTOCONFIGURE)
                .and()
                .doNotHaveSimpleName("package-info")
                .should()
                .beAnnotatedWith(AutoConfiguration.class)
                .orShould()
                .beAnnotatedWith(Configuration.class)
                .because("runtime pieces live in .server, .metrics, .actuate and .diagnostics")
                .check(STARTER);
    }

    @Test
    void theApiDoesNotDependOnTheRuntimeOrTheAutoConfiguration() {
        noClasses()
                .that()
                .resideInAPackage(API)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(RUNTIME)
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage(AUTOCONFIGURE)
                .check(STARTER);
    }

    @Test
    void nothingButTheAutoConfigurationUsesTheAutoConfiguration() {
        noClasses()
                .that()
                .resideOutsideOfPackage(AUTOCONFIGURE)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(AUTOCONFIGURE)
                .check(STARTER);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching(API + ".(**)").should().beFreeOfCycles().check(STARTER);
    }
}
