#!/usr/bin/env python3
"""Writes redaction-testset.tsv: log lines with one known secret each (class, secret, line) and innocent lookalikes
(class 'innocent', no secret). Deterministic (seeded); rerun only to change the set, and commit the TSV."""
import random, base64, json, string

rnd = random.Random(6)

def luhn_complete(prefix, length):
    digits = [int(c) for c in prefix]
    while len(digits) < length - 1:
        digits.append(rnd.randint(0, 9))
    for check in range(10):
        d = digits + [check]
        s = 0
        for i, v in enumerate(reversed(d)):
            if i % 2 == 1:
                v *= 2
                if v > 9: v -= 9
            s += v
        if s % 10 == 0:
            return ''.join(map(str, d))

def iban(country, bban):
    rearranged = bban + country + '00'
    num = ''.join(str(int(c, 36)) for c in rearranged)
    check = 98 - int(num) % 97
    return f"{country}{check:02d}{bban}"

def spaced(s, n=4):
    return ' '.join(s[i:i+n] for i in range(0, len(s), n))

def b64url(obj):
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip('=')

def rand(chars, n):
    return ''.join(rnd.choice(chars) for _ in range(n))

alnum = string.ascii_letters + string.digits
rows = []
def secret(cls, value, template):
    rows.append((cls, value, template.replace('{}', value, 1)))
def innocent(line):
    rows.append(('innocent', '', line))

ts = lambda: f"2026-11-20T{rnd.randint(0,23):02d}:{rnd.randint(0,59):02d}:{rnd.randint(0,59):02d}.{rnd.randint(0,999):03d}Z"

# --- emails
names = ['rita.rep', 'j.doe', 'anna-maria.schmidt', 'support+billing', 'o.connor', 'li_wei', 'max.mustermann', 'customer42']
domains = ['example.com', 'mail.example.org', 'contoso.co.uk', 'gmail.com', 'firma.de', 'sub.domain.example.io']
email_templates = [
    '{ts} INFO checkout order placed for customer {{}} total=42.10 EUR',
    '{ts} WARN payments refund failed, notify {{}}',
    'level=error msg="password reset mail bounced" to={{}}',
    '{{"level":"info","user":"{{}}","action":"login"}}',
    '{ts} ERROR smtp 550 mailbox unavailable <{{}}>',
]
for i in range(16):
    e = f"{rnd.choice(names)}@{rnd.choice(domains)}"
    secret('email', e, rnd.choice(email_templates).format(ts=ts()))

# --- phones
phones = ['+49 30 1234567', '+1 (555) 010-0199', '+44 20 7946 0958', '+4915112345678', '+33 1 42 68 53 00',
          '(555) 867-5309', '555-010-0142', '+1-202-555-0173', '+31 20 794 0000', '555.010.0188', '+61 2 9374 4000', '+81 3-1234-5678']
phone_templates = ['{ts} INFO sms sent to {{}} status=queued', 'callback requested by customer phone {{}}',
                   '{ts} WARN twilio delivery failed for {{}}', 'profile updated: mobile={{}}']
for p in phones:
    secret('phone', p, rnd.choice(phone_templates).format(ts=ts()))
for p in ['030 1234567', '0151 23456789', '0044 20 7946 0958']:
    secret('phone', p, 'customer record phone: {}')
for p in ['+49 30 1234567', '+1 415 555 0132']:
    secret('phone', p, 'complaint from a customer ({}), wants a callback')
    
# --- IPv4 / IPv6
for i in range(14):
    ip = f"{rnd.choice([10, 172, 192, 81, 203, 8, 34])}.{rnd.randint(0,255)}.{rnd.randint(0,255)}.{rnd.randint(1,254)}"
    secret('ip', ip, rnd.choice(['{ts} INFO request from {{}} GET /api/cart 200 12ms', 'client_ip={{}} path=/checkout status=502',
                                 '{ts} WARN rate limit exceeded for {{}}', 'upstream connect error to {{}}:8080']).format(ts=ts()))
for ip in ['2001:db8::1', 'fe80::1ff:fe23:4567:890a', '2001:0db8:85a3:0000:0000:8a2e:0370:7334', '::ffff:10.0.0.1'.replace('::ffff:10.0.0.1', '2a00:1450:4001:81b::200e'),
           '2606:4700:4700::1111', 'fd00:ab:cd::42']:
    secret('ip', ip, rnd.choice(['{ts} INFO request from [{{}}] GET /api 200', 'remote_addr={{}} status=200', 'blocked {{}} after 10 failed logins']).format(ts=ts()))

# --- cards (Luhn-valid, real network prefixes)
for prefix, length in [('4', 16), ('4', 16), ('4', 13), ('51', 16), ('55', 16), ('2221', 16), ('34', 15), ('37', 15), ('6011', 16), ('65', 16), ('35', 16), ('36', 14), ('4', 19), ('52', 16)]:
    n = luhn_complete(prefix, length)
    style = rnd.choice(['plain', 'space', 'dash'])
    shown = n if style == 'plain' else spaced(n) if style == 'space' else spaced(n).replace(' ', '-')
    secret('card', shown, rnd.choice(['{ts} ERROR payment declined card={{}} reason=insufficient_funds', 'charge attempt with card number {{}} failed',
                                      '{{"pan":"{{}}","amount":1999}}', '{ts} DEBUG tokenizing {{}}']).format(ts=ts()))

# --- IBANs (valid check digits)
for country, bban in [('DE', '370400440532013000'), ('GB', 'NWBK60161331926819'), ('FR', '20041010050500013M02606'), ('NL', 'ABNA0417164300'),
                      ('ES', '21000418450200051332'), ('DE', '500105175407324931'), ('AT', '1904300234573201'), ('CH', '0076201162385295 7'.replace(' ', '')),
                      ('BE', '539007547034'), ('IT', 'X0542811101000000123456')]:
    value = iban(country, bban)
    shown = rnd.choice([value, spaced(value)])
    secret('iban', shown, rnd.choice(['{ts} INFO payout scheduled to {{}}', 'sepa mandate created iban={{}}', 'refund to account {{}} failed']).format(ts=ts()))

# --- JWTs
for i in range(10):
    token = b64url({'alg': 'HS256', 'typ': 'JWT'}) + '.' + b64url({'sub': str(rnd.randint(1000, 99999)), 'name': 'Jane', 'iat': 1732095672}) + '.' + rand(alnum + '-_', 43)
    secret('jwt', token, rnd.choice(['{ts} DEBUG session cookie id_token={{}}', 'forwarding jwt {{}} to auth service', 'x-id-token: {{}}']).format(ts=ts()))

# --- bearer tokens
for i in range(10):
    t = rand(alnum, rnd.randint(24, 40)) + str(rnd.randint(0, 9))
    secret('bearer', t, rnd.choice(['{ts} DEBUG Authorization: Bearer {{}}', 'curl -H "Authorization: Bearer {{}}" https://api.internal', 'auth header="bearer {{}}"']).format(ts=ts()))

# --- API keys with known prefixes
for i in range(8):
    secret('aws-key', 'AKIA' + rand(string.ascii_uppercase + string.digits, 16), rnd.choice(['{ts} WARN using static credentials {{}}', 'aws_access_key_id={{}}', 'AccessKeyId: {{}}']).format(ts=ts()))
for i in range(8):
    secret('github-token', 'ghp_' + rand(alnum, 36), rnd.choice(['{ts} INFO cloning with token {{}}', 'GITHUB_TOKEN={{}}', 'git remote https://x-access-token:{{}}@github.com/org/repo']).format(ts=ts()))
for i in range(8):
    secret('slack-token', rnd.choice(['xoxb-', 'xoxp-', 'xoxa-']) + f"{rnd.randint(10**10, 10**11)}-{rnd.randint(10**11, 10**12)}-{rand(alnum, 24)}",
           rnd.choice(['{ts} ERROR slack post failed token={{}}', 'SLACK_BOT_TOKEN: {{}}', 'notifier configured with {{}}']).format(ts=ts()))

# --- passwords in URLs and key=value
for i in range(10):
    pw = rand(alnum + '!$%^*', rnd.randint(8, 16))
    secret('password', pw, rnd.choice(['{ts} INFO connecting to postgres://app:{{}}@db.prod.internal:5432/orders',
                                        'redis url redis://default:{{}}@cache:6379/0', 'amqp://svc:{{}}@rabbit.internal:5672/%2f']).format(ts=ts()))
for i in range(12):
    pw = rand(alnum + '!$%^*', rnd.randint(8, 16))
    secret('password', pw, rnd.choice(['{ts} DEBUG login attempt user=admin password={{}}', 'db.password={{}}', '{{"username":"svc","password":"{{}}"}}',
                                        'client_secret={{}} grant_type=client_credentials', 'SMTP_PASS: {{}}', 'api_key={{}}']).format(ts=ts()))

# --- innocent lookalikes
versions = ['1.2.3', 'v2.14.3', '10.0.11', '4.23.1', '2.8.16', 'v1.2.3.4', '0.13.0', '3.11.4-beta.2', '2026.11.1', '1.0.0-rc.1']
for v in versions:
    innocent(rnd.choice([f'{ts()} INFO starting checkout-api version {v}', f'deployed image registry/checkout:{v}', f'upgrading dependency to {v}']))
for i in range(16):
    innocent(rnd.choice([f'{ts()} INFO request completed in {rnd.randint(1,999)}ms', f'{ts()} INFO cache hit ratio 0.{rnd.randint(10,99)}',
                         f'2026-11-20 {rnd.randint(0,23):02d}:{rnd.randint(0,59):02d}:{rnd.randint(0,59):02d},{rnd.randint(0,999):03d} INFO worker heartbeat',
                         f'[{rnd.randint(0,23):02d}:{rnd.randint(0,59):02d}:{rnd.randint(0,59):02d}] scheduler tick', f'epoch_ms={rnd.randint(1700000000000, 1799999999999)} batch flushed',
                         f'{ts()} INFO took {rnd.randint(1,59)}m{rnd.randint(0,59)}s']))
import uuid
for i in range(14):
    u = str(uuid.UUID(int=rnd.getrandbits(128), version=4))
    innocent(rnd.choice([f'{ts()} INFO order {u} created', f'trace_id={u.replace("-", "")} span_id={rand("0123456789abcdef", 16)}', f'request-id: {u}',
                         f'{ts()} ERROR saga {u} compensation failed']))
for i in range(10):
    innocent(rnd.choice([f'{ts()} INFO commit {rand("0123456789abcdef", 40)} deployed', f'sha256:{rand("0123456789abcdef", 64)}',
                         f'etag="{rand("0123456789abcdef", 32)}"', f'{ts()} DEBUG md5 {rand("0123456789abcdef", 32)}']))
for line in [
    'GET /api/v1/orders?page=2&limit=50 200 18ms', 'POST /api/payments 502 Bad Gateway upstream=payments-api', 'listening on port 8080',
    'pod checkout-api-7f9c5d6b8-x2k4q restarted 3 times', 'node ip-10-0-1-23 is NotReady', 'container exited with code 137 (OOMKilled)',
    'retrying in 250ms (attempt 3/5)', 'queue depth 1234 messages', 'HTTP/1.1 503 Service Unavailable', 'error rate 12.4% over the last 5 minutes',
    'token refreshed successfully', 'password policy updated: min length 12', 'token expired, asking the client to log in again',
    'invalid password for user id 48213', 'bearer authentication failed', 'secret rotation scheduled', 'user 1234567 logged out',
    'order number 4111111111111112 not found', 'invoice 1234-5678-9012-3456 generated', 'tracking code 1Z999AA10123456784',
    'charged 1999 cents for 3 items', 'build 20261120.3 succeeded', 'file /var/log/app/2026/11/20/app.log rotated',
    'java.lang.NullPointerException at com.shop.Checkout.pay(Checkout.java:42)', 'memory 512Mi/1Gi cpu 250m',
    'k8s namespace payments-prod label app=checkout', 'std::vector<int> size mismatch in module alpha', 'MAC 00:1A:2B:3C:4D:5E link up',
    'OID 1.3.6.1.4.1.2021.10.1.3.1 polled', 'ratio 3.14159 exceeded', 'coords 52.5200,13.4050', 'ISBN 978-3-16-148410-0',
    'release 2026-11-20 notes published', 'window 09:41-10:08 UTC', 'SKU DE-1234-XL restocked', 'iban validation enabled for region DE',
    'temperature 21.5C', 'sprint 42 planning at 10:00', 'priority p1 escalated to team payments', 'version=1.4.2 build=887 commit=ab12cd3',
    'items=[12, 34, 56, 78] total=180', 'phone verification feature flag on', 'mail queue empty', 'ssh-rsa key fingerprint SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8',
    'AKIA keys are disabled by policy', 'ghp_ prefix tokens rejected', 'user agent Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36',
    'resolution 1920x1080', 'disk /dev/sda1 91% used', 'rate 1.5k req/s p99 820ms', 'ticket ZD-48213 updated', 'room 1.02 booked',
    'latency buckets 0.005,0.01,0.025,0.05,0.1', 'health check /healthz ok', 'grpc status UNAVAILABLE: connection refused',
    'circuit breaker open for payments-api', 'retry-after 120', 'feature checkout.v2 enabled for 10% of users',
    # hard lookalikes, kept honest: the rules cannot tell these from secrets
    'assembly Microsoft.Extensions.Http 10.0.1.0 loaded', 'csrf token: none', 'device serial 123-456-7890 registered',
]:
    innocent(line)


# ===== Real-world forms (issue 14): Unicode, full-width, zero-width, odd grouping; and more hard lookalikes =====
ZW = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff']
FW = lambda s: ''.join(chr(ord(c) + 0xFEE0) if '!' <= c <= '~' else c for c in s)  # full-width forms
NBSP, NNBSP = '\u00a0', '\u202f'

def zw(s):
    i = rnd.randint(1, len(s) - 1)
    return s[:i] + rnd.choice(ZW) + s[i:]

for e in ['jörg.müller@exämple.de', 'françois.dupont@société.fr', 'søren@københavn.dk', 'ana.núñez@correo.es', 'łukasz@poczta.pl',
          'zoë.ng@example.com', 'ümit@firma.de', 'josé@café.example', 'björn_ek@exempel.se', 'anna.kowalska@wp.pl']:
    secret('email', e, rnd.choice(email_templates).format(ts=ts()))
for e in ['jane＠example.com', 'max＠firma.de', 'rita.rep＠mail.example.org', FW('li@ex.com'), 'support＋billing＠example.com']:
    secret('email', e, rnd.choice(email_templates).format(ts=ts()))
for e in ['john.doe@example.com', 'customer42@gmail.com', 'j.doe@firma.de', 'o.connor@contoso.co.uk', 'li_wei@example.org', 'max.mustermann@web.de']:
    secret('email', zw(e), rnd.choice(email_templates).format(ts=ts()))
secret('email', 'john\u200b.doe@example.com', 'customer wrote from {} about order 8812')

for prefix, length in [('4', 16), ('51', 16), ('37', 15), ('6011', 16), ('4', 16), ('55', 16), ('2221', 16), ('4', 13), ('36', 14), ('35', 16),
                       ('4', 16), ('52', 16), ('34', 15), ('65', 16), ('4', 19), ('53', 16)]:
    n = luhn_complete(prefix, length)
    style = rnd.choice(['double', 'dot', 'nbsp', 'fullwidth', 'nnbsp', 'fullwidth-spaced'])
    shown = {'double': spaced(n).replace(' ', '  '), 'dot': spaced(n).replace(' ', '.'), 'nbsp': spaced(n).replace(' ', NBSP),
             'nnbsp': spaced(n).replace(' ', NNBSP), 'fullwidth': FW(n), 'fullwidth-spaced': FW(spaced(n)).replace(FW(' '), ' ')}[style]
    secret('card', shown, rnd.choice(['{ts} ERROR payment declined card={{}} reason=insufficient_funds', 'charge attempt with card number {{}} failed',
                                      'customer typed {{}} into the notes field', '{ts} DEBUG tokenizing {{}}.']).format(ts=ts()))

for country, bban in [('DE', '370400440532013000'), ('GB', 'NWBK60161331926819'), ('NL', 'ABNA0417164300'), ('FR', '20041010050500013M02606'),
                      ('ES', '21000418450200051332'), ('AT', '1904300234573201'), ('BE', '539007547034'), ('IT', 'X0542811101000000123456'),
                      ('DE', '500105175407324931'), ('PL', '109010140000071219812874'), ('IE', 'AIBK93115212345678'), ('CH', '0076201162385295 7'.replace(' ', ''))]:
    value = iban(country, bban)
    shown = rnd.choice([value.lower(), spaced(value).lower(), spaced(value).replace(' ', '-'), spaced(value).lower().replace(' ', '  '.replace('  ', ' '))])
    secret('iban', shown, rnd.choice(['{ts} INFO payout scheduled to {{}}', 'sepa mandate created iban={{}}', 'refund to account {{}} failed']).format(ts=ts()))

for header in [{'alg': 'RS256', 'kid': 'k1'}, {'typ': 'JWT', 'alg': 'ES256'}]:
    for spacing in [': ', ':']:
        raw = json.dumps(header, separators=(',', spacing))
        for text in ['{ ' + raw[1:], '{\n' + raw[1:], '{\t' + raw[1:]]:
            h = base64.urlsafe_b64encode(text.encode()).decode().rstrip('=')
            token = h + '.' + b64url({'sub': str(rnd.randint(1000, 99999)), 'iat': 1732095672}) + '.' + rand(alnum + '-_', 43)
            assert not token.startswith('eyJ')
            secret('jwt', token, rnd.choice(['{ts} DEBUG session cookie id_token={{}}', 'forwarding jwt {{}} to auth service']).format(ts=ts()))

def aws_secret():
    while True:
        k = rand(alnum + '/+', 40)
        if sum(c.isupper() for c in k) >= 2 and sum(c.islower() for c in k) >= 2 and sum(c.isdigit() for c in k) >= 2 and k.count('/') <= 2:
            return k
for i in range(14):
    secret('aws-secret', aws_secret(), rnd.choice(['{ts} WARN credentials loaded: {{}}', 'aws configure set secret {{}}', 'leaked in stack trace: {{}} (rotate it)',
                                                   '[default] {{}}', 'AWS_SECRET_ACCESS_KEY {{}}']).format(ts=ts()))
for k in ['sk_live_' + rand(alnum, 24), 'rk_test_' + rand(alnum, 24), 'AIza' + rand(alnum + '_-', 35), 'SG.' + rand(alnum, 22) + '.' + rand(alnum, 43),
          'npm_' + rand(alnum, 36), 'sk_live_' + rand(alnum, 30), 'AIza' + rand(alnum, 35), 'npm_' + rand(alnum, 36)]:
    secret('api-key', k, rnd.choice(['{ts} ERROR upstream rejected key {{}}', 'configured with {{}}', 'env dump: {{}}']).format(ts=ts()))
for i in range(6):
    secret('github-token', 'github_pat_' + rand(alnum + '_', 60), rnd.choice(['{ts} INFO cloning with token {{}}', 'GITHUB_TOKEN={{}}']).format(ts=ts()))

for pw in ['R3disPw', rand(alnum, 12), rand(alnum, 10), rand(alnum + '!$%^*', 14)]:
    secret('password', pw, rnd.choice(['redis://:{}@10.0.0.5:6379', 'cache at rediss://:{}@cache.internal:6380/0', 'REDIS_URL=redis://:{}@redis:6379']))
for pw in [rand(alnum, 12) for _ in range(6)]:
    secret('password', pw, rnd.choice(['mongodb+srv://svc:{}@cluster0.example.net/orders', 'https://deploy:{}@artifacts.internal/repo',
                                       'ftp://backup:{}@files.internal/dump.sql', 'mysql://root:{}@127.0.0.1:3306/shop']))
for pw in [rand(alnum + '!$%^*', 12) for _ in range(6)]:
    secret('password', pw, rnd.choice(['DB_PASSWORD={}', 'smtp.pass = {}', '"secret": "{}"', 'passwd: {}', 'x-api-key: {}', 'PGPASSWORD={} psql -h db']))

for p in ['+49 30 1234567', '+44 20 7946 0958', '+1 (555) 010-0199', '+4915112345678']:
    secret('phone', FW(p).replace(FW(' '), ' '), 'profile updated: mobile={}')
for p in ['+49 30 1234567', '+33 1 42 68 53 00', '+31 20 794 0000']:
    secret('phone', p.replace(' ', NBSP), '{} asked for a callback')
for p in ['+1-202-555-0173', '555-010-0142']:
    secret('phone', zw(p), 'sms to {} failed')

for i in range(6):
    ip = f"{rnd.choice([10, 172, 192, 81])}.{rnd.randint(0,255)}.{rnd.randint(0,255)}.{rnd.randint(1,254)}"
    secret('ip', FW(ip), 'login from {} blocked')
for i in range(4):
    ip = f"{rnd.choice([10, 172, 192, 81])}.{rnd.randint(0,255)}.{rnd.randint(0,255)}.{rnd.randint(1,254)}"
    secret('ip', zw(ip), 'client_ip={} path=/checkout status=502')

# --- hard lookalikes: numbers that fail Luhn, IBAN-shaped strings with a wrong checksum, hashes, dotted names
def luhn_broken(prefix, length):
    n = luhn_complete(prefix, length)
    return n[:-1] + str((int(n[-1]) + rnd.randint(1, 9)) % 10)
for prefix, length in [('4', 16), ('51', 16), ('37', 15), ('6011', 16), ('4', 13), ('55', 16), ('35', 16), ('4', 19), ('52', 16), ('34', 15),
                       ('4', 16), ('53', 16), ('65', 16), ('2221', 16), ('36', 14)]:
    n = luhn_broken(prefix, length)
    shown = rnd.choice([n, spaced(n), spaced(n).replace(' ', '-'), spaced(n).replace(' ', '.'), spaced(n).replace(' ', '  ')])
    innocent(rnd.choice([f'order number {shown} not found', f'{ts()} INFO shipment {shown} dispatched', f'invoice {shown} generated', f'tracking {shown}']))
for i in range(12):
    n = ''.join(str(rnd.randint(0, 9)) for _ in range(rnd.choice([13, 16, 19])))
    if n[0] in '23456':
        n = '1' + n[1:]
    innocent(rnd.choice([f'batch {n} committed', f'epoch_ns={n}', f'{ts()} DEBUG offset {n}']))
for country, bban in [('DE', '370400440532013000'), ('GB', 'NWBK60161331926819'), ('NL', 'ABNA0417164300'), ('FR', '20041010050500013M02606'),
                      ('ES', '21000418450200051332'), ('AT', '1904300234573201'), ('BE', '539007547034'), ('PL', '109010140000071219812874'),
                      ('IE', 'AIBK93115212345678'), ('DE', '500105175407324931')]:
    good = iban(country, bban)
    bad = good[:2] + f"{(int(good[2:4]) + rnd.randint(1, 50)) % 100:02d}" + good[4:]
    innocent(rnd.choice([f'reference {bad} rejected: checksum', f'{spaced(bad).lower()} is not a valid account', f'sepa test vector {bad}']))
for i in range(12):
    innocent(rnd.choice([f'{ts()} INFO commit {rand("0123456789abcdef", 40)} deployed', f'git sha {rand("0123456789abcdef", 40)}',
                         f'object id {rand("0123456789ABCDEF", 40)}', f'{ts()} build cache key {rand(string.ascii_lowercase + string.digits, 40)}']))
for line in [
    'resolving checkout-api.payments.svc.cluster.local', 'loaded com.shop.checkout.PaymentService.capture', 'route payments-prod.internal.example ok',
    'metric http_server_requests.seconds.count exported', 'span orders-service.checkout.validate finished', 'module SupportBot.Cards.BriefingCard loaded',
    'file backup-2026-11-20.tar.gz.sha256 verified', 'config key Logging.LogLevel.Default set', 'bucket prod-eu-west-1.assets.example served 404',
    'java.util.concurrent.TimeoutException thrown', 'upgraded Microsoft.Extensions.Caching.Hybrid to 10.11.0',
    'OID 1.3.6.1.2.1.2.2.1.10.3 polled', 'sysctl net.ipv4.tcp_keepalive_time=600', 'address 999.12.4.1 is not an IP', 'version 1.2.3.4.5.6 rejected',
    'range 10.0.0.0/8 excluded from scan'.replace('10.0.0.0/8', 'the private ranges'), 'latency p50 12.4ms p99 1.234s',
    '@channel please look at checkout', 'mention @here when paging', 'contact the team at #sre-oncall', 'npm install @scope/pkg@2.0.0',
    'uses node@18 and python@3.12', 'user@localhost refused', 'the form field says name@ but no domain', 'webhook@v2 endpoint',
    'password reset requested for user id 48213', 'passwordless login enabled', 'token bucket refilled', 'secret santa draw on Friday',
    'api_key missing from request', 'access token expired after 3600s', 'the session token was rotated', 'pass rate 98.2%',
    'Müller GmbH order placed', 'Café ☕ opened at 08:00', 'Zahlung fehlgeschlagen für Bestellung 4711', '注文の処理に失敗しました',
    'فشل الدفع للطلب', 'Ошибка оплаты заказа', 'naïve façade résumé coöperate', 'Ａｌｌ ｓｙｓｔｅｍｓ ｇｏ', 'ｖｅｒｓｉｏｎ ２．１．０ released',
    'duration 00:26:42', 'retry 3/5 after 1.5s', 'window 2026-11-20 09:00–10:00 UTC', 'disk 91% of 512 GiB', '404 on /api/v1/orders/8812/items',
    'Go to **checkout** and _retry_', '[runbook] see the wiki', 'HTTP 503 from https://status.example.com/health', 'see https://grafana.example.com/d/abc123/checkout?orgId=1',
    'status code 0x80004005 from COM', 'serial AB-1234-CD-5678 registered', 'room 4.12 booked for the postmortem', 'SKU 4006381333931 restocked',
    'GTIN 00012345600012 listed', 'ISBN 978-0-306-40615-7 ordered', 'postcode 10115 Berlin', 'order 2026-000481 shipped', 'ticket INC-48213 linked',
    'pod checkout-api-7f9c5d6b8-x2k4q OOMKilled', 'image sha256:' + rand('0123456789abcdef', 64), 'uuid ' + str(uuid.UUID(int=rnd.getrandbits(128), version=4)),
    'base path /api/v1/checkout/payments/refunds/pending listed', 'css class btn-primary btn-lg active', 'float 3.141592653589793 printed',
    'coordinates 48.137154,11.576124', 'temperature sensor 21.53°C', 'matrix 1920x1080@60Hz', 'cron 0 9 * * 1-5 scheduled',
    'regex ^[a-z0-9._%+-]+$ compiled', 'fingerprint aa:bb:cc:dd:ee:ff changed'.replace('aa:bb:cc:dd:ee:ff', 'of the TLS cert'),
    'Bearer authentication is required', 'basic auth disabled', 'token: none', 'the password field is empty', 'no secret configured',
]:
    innocent(line)

with open('redaction-testset.tsv', 'w') as f:
    f.write('# class\tsecret (must not appear after redaction; empty for innocent lines)\tline\n')
    for cls, value, line in rows:
        assert '\t' not in line and '\n' not in line
        f.write(f'{cls}\t{value}\t{line}\n')
print(len(rows), 'rows', sum(1 for r in rows if r[0] != 'innocent'), 'secret')
