/**
 * Auto-configuration of Kamaelia HTTP servers from {@code kamaelia.http.*}: the shared event loops, the server
 * registry and its lifecycle. Sub-packages add Micrometer metrics and the Actuator endpoint and health.
 */
package org.kamaelia.http.spring.boot.autoconfigure;
