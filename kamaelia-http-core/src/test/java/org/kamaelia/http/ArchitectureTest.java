package org.kamaelia.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The package rules of STYLE.md section 2, checked on the compiled classes. */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.kamaelia.http");

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.kamaelia.http.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void theRuntimeKnowsNothingOfNetworkingOrHttp() {
        noClasses()
                .that()
                .resideInAPackage("org.kamaelia.http.component..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.kamaelia.http.net..", "org.kamaelia.http.http..", "org.kamaelia.http.handler..")
                .check(CORE);
    }

    @Test
    void coreDoesNotTouchSpringOrMicrometer() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "io.micrometer..")
                .check(CORE);
    }
}
