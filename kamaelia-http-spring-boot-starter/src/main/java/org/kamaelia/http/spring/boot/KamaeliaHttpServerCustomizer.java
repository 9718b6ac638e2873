package org.kamaelia.http.spring.boot;

import org.kamaelia.http.server.HttpServer;

/**
 * Adjusts a server's builder in code before it starts; beans of this type are applied in their
 * {@link org.springframework.core.Ordered order} to every server.
 *
 * <pre>{@code
 * @Bean
 * KamaeliaHttpServerCustomizer serverHeader() {
 *     return (name, builder) -> builder.serverHeader("Kamaelia");
 * }
 * }</pre>
 */
@FunctionalInterface
public interface KamaeliaHttpServerCustomizer {
    /** Customizes the builder of the server called {@code serverName}. */
    void customize(String serverName, HttpServer.Builder builder);
}
