/**
 * The Spring Boot starter's public API: {@link org.kamaelia.http.spring.boot.KamaeliaHttpProperties} (the
 * {@code kamaelia.http.*} keys), {@link org.kamaelia.http.spring.boot.KamaeliaHttpServerCustomizer},
 * {@link org.kamaelia.http.spring.boot.KamaeliaHttpRoute} registrations and
 * {@link org.kamaelia.http.spring.boot.KamaeliaHttpServerStartedEvent}.
 */
package org.kamaelia.http.spring.boot;
