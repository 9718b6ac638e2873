/** The {@code kamaelia} Actuator endpoint and a health contributor per server; active only with Actuator. */
package org.kamaelia.http.spring.boot.autoconfigure.endpoint;
