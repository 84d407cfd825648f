package io.github.recur.data.download;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The proxy a download goes through, chosen as command-line tools do: the JVM's own proxy settings
 * when any is set ({@code -Dhttps.proxyHost}, {@code -Dhttp.proxyHost}, {@code -Djava.net.useSystemProxies=true}),
 * otherwise the environment: {@code https_proxy}/{@code HTTPS_PROXY} for https addresses,
 * {@code http_proxy} for http ones (lower case only, as curl, because CGI servers set {@code HTTP_PROXY}
 * from a request header), then {@code all_proxy}/{@code ALL_PROXY}; hosts listed in
 * {@code no_proxy}/{@code NO_PROXY} (comma-separated names, {@code .suffix} or {@code suffix} for a
 * domain and its subdomains, {@code *} for all; ports and CIDR ranges are not read) go direct, and so
 * does this machine itself ({@code localhost}, {@code 127.*}, {@code ::1}), as in the JVM's defaults.
 * Only HTTP proxies can be used: Java's HTTP client does not speak SOCKS.
 */
final class EnvironmentProxies {
    private EnvironmentProxies() {}

    /** What the JVM was told about proxies; any of these means "the JVM's settings win". */
    private static final List<String> JVM_PROPERTIES = List.of("https.proxyHost", "http.proxyHost", "socksProxyHost");

    /** The selector to give the HTTP client, and the proxy credentials from the environment, if any. */
    record Choice(ProxySelector selector, PasswordAuthentication credentials, String description) {}

    static Choice choose(Map<String, String> env, Properties props) {
        boolean jvm = JVM_PROPERTIES.stream().anyMatch(k -> props.getProperty(k) != null)
                || "true".equalsIgnoreCase(props.getProperty("java.net.useSystemProxies"));
        if (jvm) return new Choice(ProxySelector.getDefault(), null, "the JVM's proxy settings");
        String https = first(env, "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY");
        String http = first(env, "http_proxy", "all_proxy", "ALL_PROXY");
        if (https == null && http == null) return new Choice(null, null, "no proxy");
        String noProxy = first(env, "no_proxy", "NO_PROXY");
        Parsed httpsProxy = parse(https, "https_proxy"), httpProxy = parse(http, "http_proxy");
        PasswordAuthentication auth = httpsProxy != null && httpsProxy.auth != null ? httpsProxy.auth : httpProxy != null ? httpProxy.auth : null;
        var selector = new ProxySelector() {
            @Override public List<Proxy> select(URI uri) {
                if (uri == null || uri.getHost() == null || isLoopback(uri.getHost()) || bypass(uri.getHost(), noProxy)) {
                    return List.of(Proxy.NO_PROXY);
                }
                Parsed p = "https".equalsIgnoreCase(uri.getScheme()) ? httpsProxy : httpProxy;
                return List.of(p == null ? Proxy.NO_PROXY : p.proxy);
            }

            @Override public void connectFailed(URI uri, SocketAddress sa, IOException ioe) { /* nothing to fail over to */ }
        };
        String what = (httpsProxy != null ? "https via " + httpsProxy.shown : "") + (httpsProxy != null && httpProxy != null ? ", " : "")
                + (httpProxy != null ? "http via " + httpProxy.shown : "") + (noProxy != null ? " (no_proxy: " + noProxy + ")" : "");
        return new Choice(selector, auth, "the environment's proxy: " + what);
    }

    private record Parsed(Proxy proxy, PasswordAuthentication auth, String shown) {}

    private static Parsed parse(String value, String variable) {
        if (value == null) return null;
        String v = value.trim();
        URI u;
        try {
            u = URI.create(v.contains("://") ? v : "http://" + v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + "='" + value + "' is not a proxy address like http://proxy.example.com:3128", e);
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(variable + "='" + value + "': Java's HTTP client can use HTTP proxies only, not "
                    + scheme + "; set " + variable + " to an HTTP proxy (http://host:port) or unset it");
        }
        if (u.getHost() == null) throw new IllegalArgumentException(variable + "='" + value + "' names no proxy host");
        int port = u.getPort() > 0 ? u.getPort() : scheme.equals("https") ? 443 : 80;
        PasswordAuthentication auth = null;
        if (u.getUserInfo() != null) {
            String[] up = u.getUserInfo().split(":", 2);
            auth = new PasswordAuthentication(up[0], (up.length > 1 ? up[1] : "").toCharArray());
        }
        Proxy proxy = new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(u.getHost(), port));
        return new Parsed(proxy, auth, u.getHost() + ":" + port); // never show the password
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    /** Whether {@code host} is listed in a no_proxy value. */
    static boolean bypass(String host, String noProxy) {
        if (noProxy == null || noProxy.isBlank()) return false;
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        for (String raw : noProxy.split(",")) {
            String e = raw.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) continue;
            if (e.equals("*")) return true;
            if (e.startsWith("[")) {
                int close = e.indexOf(']');
                e = close > 0 ? e.substring(1, close) : e;
            } else if (e.indexOf(':') == e.lastIndexOf(':') && e.contains(":")) {
                e = e.substring(0, e.indexOf(':')); // host:port -> host
            }
            if (e.startsWith("*.")) e = e.substring(1);
            if (e.startsWith(".")) e = e.substring(1);
            if (h.equals(e) || h.endsWith("." + e)) return true;
        }
        return false;
    }

    private static String first(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }
}
