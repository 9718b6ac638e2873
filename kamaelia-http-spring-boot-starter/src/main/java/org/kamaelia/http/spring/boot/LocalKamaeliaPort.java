package org.kamaelia.http.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects into a field the port a named server listens on, once it is listening: in the spirit of Boot's
 * {@code @LocalServerPort}, for tests that ask for port 0. It reads the environment property
 * {@code local.kamaelia.http.<name>.port}, which each server publishes when it starts.
 *
 * <pre>{@code
 * @SpringBootTest(properties = "kamaelia.http.servers.api.port=0")
 * class ApiTests {
 *     @LocalKamaeliaPort("api")
 *     int port;
 * }
 * }</pre>
 *
 * <p>It is not a {@code @Value} meta-annotation, since the server's name would have to be part of the
 * placeholder and an annotation attribute cannot feed one; fields are filled by the starter's own post-processor
 * instead. Method and constructor parameters take {@code @Value("${local.kamaelia.http.api.port}")}. Like
 * {@code @LocalServerPort}, it suits beans created after the servers have started, such as test instances: a bean
 * created during the refresh fails, as no server listens yet.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LocalKamaeliaPort {
    /** The environment property of server {@code <name>}'s port is this prefix, the name, then {@code .port}. */
    String PROPERTY_PREFIX = "local.kamaelia.http.";

    /** The server's name, as in {@code kamaelia.http.servers.<name>}. */
    String value();
}
