/**
 * Only auto-configuration classes (listed in {@code META-INF/spring/...AutoConfiguration.imports}): the servers
 * ({@code KamaeliaHttpAutoConfiguration}), metrics, the endpoint, health, Actuator over Kamaelia and the management server made for
 * {@code management.server.port}. Each wires
 * beans from the runtime packages ({@code .server}, {@code .metrics}, {@code .actuate}) under its conditions;
 * nothing else in the starter depends on this package (the starter's ArchitectureTest).
 */
package org.kamaelia.http.spring.boot.autoconfigure;
