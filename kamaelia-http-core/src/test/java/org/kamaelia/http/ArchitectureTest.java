package org.kamaelia.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodReference;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kamaelia.http.message.ByteChunk;

/**
 * The layers of docs/decisions/0004-packages-show-the-layers.md, one rule per boundary, checked on the compiled
 * classes: each layer names the packages it may use, and anything else is a violation. One rule more keeps the
 * runtime's byte-weighed boxes on a single weigher.
 */
class ArchitectureTest {
    private static final String ROOT = "org.kamaelia.http.";

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.kamaelia.http");

    /** A rule that classes in {@code layer} use nothing but the JDK and the {@code allowed} core packages. */
    private static ArchRule layer(String layer, String... allowed) {
        List<String> packages = new ArrayList<>(List.of("java..", ROOT + layer + ".."));
        for (String each : allowed) {
            packages.add(ROOT + each + "..");
        }
        return classes()
                .that()
                .resideInAPackage(ROOT + layer + "..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(packages.toArray(String[]::new))
                .because("docs/decisions/0004 allows " + layer + " to use only " + packages);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("org.kamaelia.http.(**)").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void theComponentRuntimeUsesOnlyTheJdk() {
        layer("component").check(CORE);
    }

    @Test
    void messageValuesUseOnlyTheJdk() {
        layer("message").check(CORE);
    }

    @Test
    void theCodecUsesOnlyTheJdkAndTheMessageValues() {
        layer("codec", "message").check(CORE);
    }

    @Test
    void tcpComponentsKnowNothingOfHttp() {
        layer("net", "component", "message").check(CORE);
    }

    @Test
    void handlersSeeComponentsAndMessagesButNotTheWire() {
        layer("handler", "component", "message").check(CORE);
    }

    @Test
    void resourcesAreBuiltOnHandlers() {
        layer("resource", "component", "message", "handler").check(CORE);
    }

    @Test
    void compressionIsAComponentOnTheHandlerSide() {
        // zstd-jni is an optional dependency: one class links to it, loaded only once ZstdSupport has found it.
        classes()
                .that()
                .resideInAPackage(ROOT + "compress..")
                .and()
                .doNotHaveSimpleName("ZstdBodyEncoder")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "java..", ROOT + "compress..", ROOT + "component..", ROOT + "message..", ROOT + "handler..")
                .because("docs/decisions/0004 allows compress to use only component, message and handler")
                .check(CORE);
        classes()
                .that()
                .haveSimpleName("ZstdBodyEncoder")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", ROOT + "compress..", ROOT + "message..", "com.github.luben.zstd..")
                .because("the optional zstd library is linked from this one class only")
                .check(CORE);
    }

    @Test
    void observersSeeMessagesAndConnectionsOnly() {
        // the package itself: its access-log sub-package has its own rule below
        classes()
                .that()
                .resideInAPackage(ROOT + "observe")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "java..",
                        ROOT + "observe",
                        ROOT + "message..",
                        ROOT + "net..",
                        ROOT + "tls..",
                        ROOT + "proxy..")
                .because("docs/decisions/0004 allows observe to use only message and net (and the outcome enums of"
                        + " tls and proxy)")
                .check(CORE);
    }

    @Test
    void theAccessLogSeesObserverEventsAndRequestHeadsOnly() {
        layer("observe.access", "observe", "message", "net", "handler").check(CORE);
    }

    @Test
    void theProtocolDoesNotKnowTheServerThatAssemblesIt() {
        layer("protocol", "component", "message", "codec", "net", "handler", "observe")
                .check(CORE);
    }

    @Test
    void tlsSitsBetweenAnyConnectionAndAnyProtocol() {
        // The JDK's TLS lives in javax.net.ssl, outside "java..": allowed here and nowhere else.
        classes()
                .that()
                .resideInAPackage(ROOT + "tls..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "java..", "javax.net.ssl..", ROOT + "tls..", ROOT + "component..", ROOT + "message..")
                .because("tls knows nothing of TCP or HTTP: it is spliced between a connection and a protocol")
                .check(CORE);
    }

    @Test
    void proxiesAreComponentsOnMessagesAndTheJdk() {
        // PROXY protocol and forwarding fields are spliced into the graph by the server: they know nothing of it,
        // of TCP or of the parser, only the boxes and the messages they sit between.
        layer("proxy", "component", "message").check(CORE);
    }

    @Test
    void coreDoesNotTouchSpringOrMicrometer() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "io.micrometer..")
                .check(CORE);
    }

    /**
     * Every box weighed in bytes takes {@link ByteChunk#LENGTH}: each {@code ByteChunk::length} written elsewhere is
     * a lambda class of its own, and three of them at the inbox's one weigher call made it megamorphic on TLS
     * connections (5.6 % of a keep-alive benchmark's samples).
     */
    @Test
    void boxesWeighedInBytesShareOneWeigher() {
        List<String> references = new ArrayList<>();
        for (JavaClass each : CORE) {
            if (each.isEquivalentTo(ByteChunk.class)) {
                continue;
            }
            for (JavaMethodReference reference : each.getMethodReferencesFromSelf()) {
                if (reference.getTargetOwner().isEquivalentTo(ByteChunk.class)
                        && reference.getName().equals("length")) {
                    references.add(reference.getDescription());
                }
            }
        }
        assertEquals(List.of(), references, "use ByteChunk.LENGTH as the weigher");
    }
}
