/**
 * The Spring Boot starter's public API: {@link org.kamaelia.http.spring.boot.KamaeliaHttpProperties} (the
 * {@code kamaelia.http.*} keys), {@link org.kamaelia.http.spring.boot.KamaeliaHttpServerCustomizer},
 * {@link org.kamaelia.http.spring.boot.KamaeliaHttpRoute} registrations,
 * {@link org.kamaelia.http.spring.boot.KamaeliaHttpObserverFactory},
 * {@link org.kamaelia.http.spring.boot.KamaeliaHttpServerStartedEvent},
 * {@link org.kamaelia.http.spring.boot.LocalKamaeliaPort}, the server registry
 * {@link org.kamaelia.http.spring.boot.KamaeliaHttpServers} (each server's state and statistics) and the exceptions
 * a failed start is reported with.
 *
 * <p>Depends on core and Spring only: never on the starter's runtime packages ({@code .server}, {@code .metrics},
 * {@code .actuate}, {@code .diagnostics}) or its auto-configuration (the starter's ArchitectureTest).
 */
package org.kamaelia.http.spring.boot;
