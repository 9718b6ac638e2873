/** The sample application: an API server and a static site with a live dashboard, configured in application.yml. */
package org.kamaelia.http.sample;
