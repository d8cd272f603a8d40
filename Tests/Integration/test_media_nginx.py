"""nginx's internal /_media/ location, as LocalMediaStorage relies on it: the app answers with
`X-Accel-Redirect: /_media/<key>` and nginx serves the file from the media directory, with
ranges, keeping the app's Content-Type, Content-Disposition and Cache-Control (and dropping its
other headers), while a direct request for /_media/ is a 404. The files are written as
LocalMediaStorage writes them (0640 in 0750 directories below the media root), which nginx's
workers can read only through the group scripts/nginx.sh gives the root.

No sorashare binary here: a small FastCGI responder in this file plays the app, so the test pins
nginx's behaviour and our config on their own."""

import os
import shutil
import socket
import struct
import subprocess
import threading
import urllib.parse

import pytest
import requests

from conftest import DATA, ROOT, free_port, wait_for

http = requests.Session()
http.trust_env = False


class AccelResponder:
    """Answers every FastCGI request on a unix socket with `X-Accel-Redirect: /_media/<key>`
    for `/accel?key=…&type=…&name=…`, plus headers nginx should keep or drop."""

    def __init__(self, path):
        self.path = path
        self.seen = []  # (REQUEST_URI, HTTP_RANGE) of each request
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(path)
        os.chmod(path, 0o666)
        self.listener.listen(16)
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            with connection:
                self._serve(connection.makefile("rb"), connection)

    def _serve(self, stream, connection):
        params, request_id = b"", 1
        while True:  # BEGIN_REQUEST (1), PARAMS (4) until an empty one, STDIN (5) until an empty one
            header = stream.read(8)
            if len(header) < 8:
                return
            _, kind, request_id, length, padding, _ = struct.unpack(">BBHHBB", header)
            content = stream.read(length + padding)[:length]
            if kind == 4:
                params += content
            if kind == 5 and length == 0:
                break
        env = decode_params(params)
        uri = env.get("REQUEST_URI", "")
        self.seen.append((uri, env.get("HTTP_RANGE")))
        split = urllib.parse.urlsplit(uri)
        query = dict(urllib.parse.parse_qsl(split.query))
        head = [f"X-Accel-Redirect: /_media/{query.get('key', '')}", "Cache-Control: private, max-age=60",
                "X-App-Only: dropped by nginx", "Content-Length: 0"]
        if "type" in query:
            head.append(f"Content-Type: {query['type']}")
        if "name" in query:
            head.append(f'Content-Disposition: attachment; filename="{query["name"]}"')
        answer = ("Status: 200 OK\r\n" + "\r\n".join(head) + "\r\n\r\n").encode()
        connection.sendall(record(6, request_id, answer) + record(6, request_id, b"")
                           + record(3, request_id, struct.pack(">IB3x", 0, 0)))

    def close(self):
        self.listener.close()


def record(kind, request_id, content):
    return struct.pack(">BBHHBB", 1, kind, request_id, len(content), 0, 0) + content


def decode_params(data):
    env, index = {}, 0

    def length():
        nonlocal index
        if data[index] < 128:
            index += 1
            return data[index - 1]
        index += 4
        return struct.unpack(">I", data[index - 4:index])[0] & 0x7FFFFFFF

    while index < len(data):
        name_length, value_length = length(), length()
        name = data[index:index + name_length].decode()
        env[name] = data[index + name_length:index + name_length + value_length].decode("latin-1")
        index += name_length + value_length
    return env


@pytest.fixture(scope="module")
def media():
    # Under .data/ (not pytest's 0700 temporary folders): nginx's workers must pass through.
    data = DATA / f"test-media-nginx-{os.getpid()}"
    shutil.rmtree(data, ignore_errors=True)
    (data / "run").mkdir(parents=True)
    responder = AccelResponder(str(data / "run" / "app.sock"))
    port = free_port()
    env = dict(os.environ, SORASHARE_DATA=str(data))
    subprocess.run(["bash", ROOT / "scripts" / "nginx.sh", "start", str(data / "nginx"), str(port), responder.path], check=True, env=env)
    yield {"root": data / "media", "base": f"http://127.0.0.1:{port}", "responder": responder}
    subprocess.run(["bash", ROOT / "scripts" / "nginx.sh", "stop", str(data / "nginx")], check=True, env=env)
    responder.close()
    shutil.rmtree(data, ignore_errors=True)


def store(root, key, content):
    """What LocalMediaStorage.put leaves behind: directories 0750, the file 0640."""
    path = root / key
    for directory in reversed(path.relative_to(root).parents[:-1]):
        (root / directory).mkdir(exist_ok=True)
        os.chmod(root / directory, 0o750 | (os.stat(root / directory).st_mode & 0o2000))
    path.write_bytes(content)
    os.chmod(path, 0o640)
    return path


def test_the_app_names_the_type_and_the_download_and_nginx_serves_the_bytes(media):
    content = bytes(range(256)) * 400
    store(media["root"], "videos/ab/clip.bin", content)
    answer = http.get(media["base"] + "/accel?key=videos/ab/clip.bin&type=video/mp4&name=Launch.mp4", timeout=10)
    assert answer.status_code == 200 and answer.content == content
    assert answer.headers["Content-Type"] == "video/mp4", "the app's type wins over the extension's"
    assert answer.headers["Content-Disposition"] == 'attachment; filename="Launch.mp4"'
    assert answer.headers["Cache-Control"] == "private, max-age=60"
    assert answer.headers["Content-Length"] == str(len(content)), "the file's length, not the app's 0"
    assert "X-App-Only" not in answer.headers, "nginx keeps only its list of headers on an X-Accel-Redirect"
    assert answer.headers["X-Content-Type-Options"] == "nosniff" and answer.headers["Accept-Ranges"] == "bytes"
    # Without a type from the app, nginx takes it from the extension.
    store(media["root"], "videos/ab/clip.mp4", content)
    assert http.get(media["base"] + "/accel?key=videos/ab/clip.mp4", timeout=10).headers["Content-Type"] == "video/mp4"


def test_ranges_and_head(media):
    content = os.urandom(100_000)
    store(media["root"], "videos/cd/seek.mp4", content)
    url = media["base"] + "/accel?key=videos/cd/seek.mp4&type=video/mp4"
    part = http.get(url, headers={"Range": "bytes=1000-1999"}, timeout=10)
    assert part.status_code == 206 and part.content == content[1000:2000]
    assert part.headers["Content-Range"] == "bytes 1000-1999/100000" and part.headers["Content-Type"] == "video/mp4"
    head = http.head(url, timeout=10)
    assert head.status_code == 200 and head.headers["Content-Length"] == "100000" and head.content == b""


def test_media_is_reachable_only_through_the_app(media):
    store(media["root"], "videos/ef/private.mp4", b"secret video")
    assert http.get(media["base"] + "/_media/videos/ef/private.mp4", timeout=10).status_code == 404
    assert http.get(media["base"] + "/accel?key=videos/ef/missing.mp4", timeout=10).status_code == 404
    # nginx itself refuses an X-Accel-Redirect that climbs out ("unsafe URI"); keys never do.
    assert http.get(media["base"] + "/accel?key=../../../etc/passwd", timeout=10).status_code == 404


@pytest.mark.skipif(os.geteuid() != 0, reason="as another user nginx's workers are that user, who owns the files")
def test_nginx_reads_media_through_the_group_of_the_root(media):
    root = media["root"]
    assert os.stat(root).st_mode & 0o7777 == 0o2750
    path = store(root, "videos/gh/by-group.mp4", b"readable through the group")
    assert os.stat(path).st_gid == os.stat(root).st_gid == os.stat(root / "videos" / "gh").st_gid != 0
    assert http.get(media["base"] + "/accel?key=videos/gh/by-group.mp4", timeout=10).content == b"readable through the group"
    os.chown(path, 0, 0)  # the same file in root's group: nginx's workers cannot read it
    assert http.get(media["base"] + "/accel?key=videos/gh/by-group.mp4", timeout=10).status_code == 403
    assert wait_for(lambda: ("/accel?key=videos/gh/by-group.mp4", None) in media["responder"].seen)
