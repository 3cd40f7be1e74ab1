# Sourced by bench/run.sh and bench/cluster-figures.sh: HS256 JWTs minted offline with SIGNING_KEY, the
# claims the API's own tokens carry, valid for a day.
b64url() { basenc --base64url -w 0 | tr -d '='; }
mint_token() { # user_id now
  local header payload signature
  header=$(printf '%s' '{"alg":"HS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"sub":"%s","role":"user","iss":"movie-discovery","aud":"movie-discovery-apps","iat":%d,"nbf":%d,"exp":%d}' \
    "$1" "$2" $(($2 - 60)) $(($2 + 86400)) | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$SIGNING_KEY" -binary | b64url)
  printf '%s.%s.%s' "$header" "$payload" "$signature"
}
