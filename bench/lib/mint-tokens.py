# Usage: python3 bench/lib/mint-tokens.py SIGNING_KEY USERS > tokens
# Bearer tokens for the per-user wrk scripts, a line per user, "user_id token": users 1-100 (the heavy savers)
# and 1000 others spread evenly over 101..USERS. HS256 JWTs with the claims the API's own tokens carry, valid
# for 24 hours, minted offline with the key the API under test was started with.
import base64
import hashlib
import hmac
import json
import sys
import time


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(key: str, user_id: int, now: int) -> str:
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    claims = {"sub": str(user_id), "role": "user", "iss": "movie-discovery", "aud": "movie-discovery-apps",
              "iat": now, "nbf": now - 60, "exp": now + 86400}
    payload = b64url(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(key.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64url(signature)}"


key, users, now = sys.argv[1], int(sys.argv[2]), int(time.time())
stride = max(1, (users - 100) // 1000)
ids = list(range(1, 101)) + [i for i in (101 + k * stride for k in range(1000)) if i <= users]
for user_id in ids:
    print(user_id, token(key, user_id, now))
