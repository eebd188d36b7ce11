package dev.payrail.provider.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code keygen --out DIR [--kid KID] [--append-to EXISTING_JWKS]}: writes a new EC P-256 signing key as
 * {@code DIR/private-key.pem} (PKCS#8 PEM, mode 0600) and the public JWK Set {@code DIR/jwks.json} (kid,
 * {@code use=sig}, {@code alg=ES256}). With {@code --append-to}, the JWK Set also holds every key of the existing
 * one, which is how keys are rotated: publish old + new, switch the signer to the new key, then drop the old one.
 */
public final class KeyGen {

    static final String PRIVATE_KEY_FILE = "private-key.pem";
    static final String JWKS_FILE = "jwks.json";
    private static final String USAGE =
            "usage: keygen --out DIR [--kid KID] [--append-to EXISTING_JWKS]";
    private static final DateTimeFormatter KID_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private KeyGen() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err, Clock.systemUTC()));
    }

    /** Runs the command; returns the process exit code (0 done, 1 failed, 2 bad usage). */
    public static int run(List<String> args, PrintStream out, PrintStream err, Clock clock) {
        Path outDir = null;
        String kid = null;
        Path appendTo = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (i + 1 >= args.size() || !List.of("--out", "--kid", "--append-to").contains(arg)) {
                err.println(arg.equals("--help") ? USAGE : "keygen: unexpected argument '" + arg + "'; " + USAGE);
                return 2;
            }
            String value = args.get(++i);
            switch (arg) {
                case "--out" -> outDir = Path.of(value);
                case "--kid" -> kid = value;
                default -> appendTo = Path.of(value);
            }
        }
        if (outDir == null) {
            err.println("keygen: --out DIR is required; " + USAGE);
            return 2;
        }
        if (kid != null && (kid.isBlank() || !kid.matches("[A-Za-z0-9._:-]{1,64}"))) {
            err.println("keygen: --kid '" + kid + "' must be 1-64 characters of A-Z a-z 0-9 . _ : -");
            return 2;
        }
        try {
            List<JWK> keys = new ArrayList<>();
            if (appendTo != null) {
                keys.addAll(JWKSet.load(appendTo.toFile()).toPublicJWKSet().getKeys());
            }
            ECKey key = generate(kid, clock);
            if (keys.stream().anyMatch(k -> key.getKeyID().equals(k.getKeyID()))) {
                err.println("keygen: kid '" + key.getKeyID() + "' is already in " + appendTo + "; choose another --kid");
                return 1;
            }
            keys.add(key.toPublicJWK());
            Files.createDirectories(outDir);
            Path privateKey = outDir.resolve(PRIVATE_KEY_FILE);
            writePrivate(privateKey, Pem.encodePrivateKey(key.toPrivateKey()));
            Path jwks = outDir.resolve(JWKS_FILE);
            writeAtomically(jwks, new JWKSet(keys).toString(true) + "\n");
            out.println("kid: " + key.getKeyID());
            out.println("private key: " + privateKey + " (keep secret; give it only to the token issuer)");
            out.println("JWK Set: " + jwks + " (" + keys.size() + " public key(s); give it to the provider as"
                    + " AUTH_JWKS)");
            return 0;
        } catch (FileAlreadyExistsException e) {
            err.println("keygen: " + e.getFile() + " already exists; refusing to overwrite a private key,"
                    + " choose another --out");
            return 1;
        } catch (IOException | ParseException | JOSEException e) {
            err.println("keygen: " + FileKeySetSource.oneLine(e));
            return 1;
        }
    }

    private static ECKey generate(String kid, Clock clock) throws JOSEException {
        ECKey key = new ECKeyGenerator(Curve.P_256)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256)
                .generate();
        // A derived kid tells operators how old a key is and stays unique: date plus thumbprint prefix.
        String id = kid != null ? kid
                : KID_DATE.format(clock.instant()) + "-" + key.computeThumbprint().toString().substring(0, 8);
        return new ECKey.Builder(key).keyID(id).build();
    }

    private static void writePrivate(Path file, String pem) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system
        }
        Files.writeString(file, pem, StandardCharsets.US_ASCII);
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".jwks", ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        // Readable by the provider's user: the JWK Set is public.
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
