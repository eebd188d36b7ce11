package dev.payrail.server.db;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A database location as operators hand it to us, turned into what JDBC needs: a URL without credentials, a user
 * and a password. Accepts {@code jdbc:postgresql://…}, the {@code postgres://} and {@code postgresql://} URLs that
 * managed PostgreSQL services hand out ({@code postgresql://user:pass@host:5432/db?sslmode=require}), and
 * {@code jdbc:sqlite:…}.
 *
 * <p>Credentials may come from the URL (user info, or {@code user=}/{@code password=} parameters) and from the
 * separate variables; the separate variables win, so a password kept in a Secret overrides one left in a URL.
 * Query parameters other than {@code user} and {@code password} are passed to the PostgreSQL JDBC driver as they are
 * ({@code sslmode}, {@code sslrootcert}, {@code connectTimeout}, {@code options}, {@code ApplicationName}, …).
 * No message and no {@link #toString()} ever contains the password.
 */
public final class DatabaseUrl {
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;]*");
    private static final Pattern USERINFO_PASSWORD = Pattern.compile("//([^:/@?]*):[^@/?]*@");

    /** The databases the servers run on. */
    public enum Kind { POSTGRESQL, SQLITE }

    private final Kind kind;
    private final String jdbcUrl;
    private final Optional<String> user;
    private final Optional<String> password;

    private DatabaseUrl(Kind kind, String jdbcUrl, Optional<String> user, Optional<String> password) {
        this.kind = kind;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * Parses {@code value}.
     *
     * @param variable the variable it came from, named in error messages (e.g. {@code DATABASE_URL})
     * @param user     the separate user variable; wins over one in the URL
     * @param password the separate password variable; wins over one in the URL
     * @throws Invalid naming {@code variable} and the URL with its password masked
     */
    public static DatabaseUrl parse(String variable, String value, Optional<String> user, Optional<String> password) {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        String trimmed = value.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:sqlite:")) {
            return new DatabaseUrl(Kind.SQLITE, trimmed, Optional.empty(), Optional.empty());
        }
        String rest;
        if (lower.startsWith("jdbc:postgresql://")) {
            rest = trimmed.substring("jdbc:postgresql://".length());
        } else if (lower.startsWith("postgresql://")) {
            rest = trimmed.substring("postgresql://".length());
        } else if (lower.startsWith("postgres://")) {
            rest = trimmed.substring("postgres://".length());
        } else {
            throw invalid(variable, trimmed, "must be a postgresql://user:password@host:5432/db, postgres://…, "
                    + "jdbc:postgresql://host:5432/db or jdbc:sqlite: URL");
        }
        int queryStart = rest.indexOf('?');
        String query = queryStart >= 0 ? rest.substring(queryStart + 1) : "";
        String beforeQuery = queryStart >= 0 ? rest.substring(0, queryStart) : rest;
        int slash = beforeQuery.indexOf('/');
        String authority = slash >= 0 ? beforeQuery.substring(0, slash) : beforeQuery;
        String databaseName = slash >= 0 ? beforeQuery.substring(slash + 1) : "";
        int at = authority.lastIndexOf('@');
        String userInfo = at >= 0 ? authority.substring(0, at) : null;
        String hosts = at >= 0 ? authority.substring(at + 1) : authority;
        if (hosts.isEmpty()) {
            throw invalid(variable, trimmed, "must name a host (host:port)");
        }
        if (databaseName.isEmpty() || databaseName.contains("/")) {
            throw invalid(variable, trimmed, "must name one database after the host, e.g. host:5432/invoices");
        }
        Optional<String> urlUser = Optional.empty();
        Optional<String> urlPassword = Optional.empty();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            urlUser = nonEmpty(decode(variable, trimmed, colon >= 0 ? userInfo.substring(0, colon) : userInfo));
            urlPassword = colon >= 0 ? Optional.of(decode(variable, trimmed, userInfo.substring(colon + 1)))
                    : Optional.empty();
        }
        List<String> kept = new ArrayList<>();
        for (String parameter : query.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = equals >= 0 ? parameter.substring(0, equals) : parameter;
            String parameterValue = equals >= 0 ? parameter.substring(equals + 1) : "";
            if (name.equals("user")) {
                urlUser = nonEmpty(decode(variable, trimmed, parameterValue));
            } else if (name.equals("password")) {
                urlPassword = Optional.of(decode(variable, trimmed, parameterValue));
            } else {
                kept.add(parameter);
            }
        }
        String jdbcUrl = "jdbc:postgresql://" + hosts + "/" + databaseName
                + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        return new DatabaseUrl(Kind.POSTGRESQL, jdbcUrl, user.isPresent() ? user : urlUser,
                password.isPresent() ? password : urlPassword);
    }

    private static Optional<String> nonEmpty(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** Percent-decodes user info and parameter values as UTF-8 ({@code p%40ss} is {@code p@ss}). */
    private static String decode(String variable, String url, String encoded) {
        if (encoded.indexOf('%') < 0) {
            return encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length() || Character.digit(encoded.charAt(i + 1), 16) < 0
                        || Character.digit(encoded.charAt(i + 2), 16) < 0) {
                    throw invalid(variable, url, "has a malformed %-escape in its user, password or parameters");
                }
                bytes.write(Integer.parseInt(encoded.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Invalid invalid(String variable, String url, String expectation) {
        return new Invalid(variable, mask(url), expectation);
    }

    /** A URL that cannot be used; its message names the variable and shows the URL with its password masked. */
    public static final class Invalid extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String maskedUrl;
        private final String expectation;

        Invalid(String variable, String maskedUrl, String expectation) {
            super(variable + " " + expectation + ", was '" + maskedUrl + "'", null);
            this.maskedUrl = maskedUrl;
            this.expectation = expectation;
        }

        /** The URL as given, password masked. */
        public String maskedUrl() {
            return maskedUrl;
        }

        /** What the URL must be, e.g. {@code must name a host (host:port)}. */
        public String expectation() {
            return expectation;
        }
    }

    /** {@code url} with any password in it masked: {@code user:****@}, {@code password=****}. */
    public static String mask(String url) {
        String masked = USERINFO_PASSWORD.matcher(url).replaceAll("//$1:****@");
        return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1****");
    }

    public Kind kind() {
        return kind;
    }

    public boolean postgres() {
        return kind == Kind.POSTGRESQL;
    }

    /** The JDBC URL, free of credentials (they travel as {@link #user()} and {@link #password()}). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public Optional<String> user() {
        return user;
    }

    public Optional<String> password() {
        return password;
    }

    /** The same location with other credentials: the migration role (see docs). */
    public DatabaseUrl withCredentials(Optional<String> otherUser, Optional<String> otherPassword) {
        return new DatabaseUrl(kind, jdbcUrl, Objects.requireNonNull(otherUser, "otherUser"),
                Objects.requireNonNull(otherPassword, "otherPassword"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseUrl other && kind == other.kind && jdbcUrl.equals(other.jdbcUrl)
                && user.equals(other.user) && password.equals(other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, jdbcUrl, user, password);
    }

    /** The URL and user; the password only as {@code ****}. */
    @Override
    public String toString() {
        return jdbcUrl + " (user " + user.orElse("<driver default>") + ", password "
                + (password.isPresent() ? "****" : "unset") + ")";
    }
}
