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

with open('redaction-testset.tsv', 'w') as f:
    f.write('# class\tsecret (must not appear after redaction; empty for innocent lines)\tline\n')
    for cls, value, line in rows:
        assert '\t' not in line and '\n' not in line
        f.write(f'{cls}\t{value}\t{line}\n')
print(len(rows), 'rows', sum(1 for r in rows if r[0] != 'innocent'), 'secret')
