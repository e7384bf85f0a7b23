"""Images de docs/ : le site publie leurs pixels réenregistrés, jamais leurs métadonnées ni des octets cachés."""
from __future__ import annotations

import shutil

import pytest
from PIL import Image, PngImagePlugin

from macros import garde
from macros.donnees import ErreurDonnees

pytestmark = pytest.mark.rapide


def _publier(docs, site):
    """Ce que fait MkDocs (copie de docs/ dans le site), puis la garde."""
    shutil.copytree(docs, site)
    garde.reencoder_images(docs, site, docs.parent)


def test_png_et_jpeg_publies_sans_metadonnees_ni_octets_caches(tmp_path):
    docs, site = tmp_path / "docs", tmp_path / "site"
    (docs / "images").mkdir(parents=True)
    infos = PngImagePlugin.PngInfo()
    infos.add_text("Comment", "<script>alert(1)</script>")
    Image.new("RGB", (8, 4), (200, 10, 10)).save(docs / "images/logo.png", pnginfo=infos)
    with (docs / "images/logo.png").open("ab") as fichier:
        fichier.write(b"<html><script>alert(2)</script></html>")  # après la fin de l'image
    exif = Image.Exif()
    exif[0x010E] = "description <b>cachée</b>"
    Image.new("RGB", (4, 4), (0, 90, 0)).save(docs / "photo.jpg", exif=exif)

    _publier(docs, site)

    png = (site / "images/logo.png").read_bytes()
    assert b"script" not in png and png.endswith(b"IEND\xaeB`\x82")
    with Image.open(site / "images/logo.png") as image:
        assert image.size == (8, 4) and image.getpixel((0, 0)) == (200, 10, 10)
    assert b"cach" not in (site / "photo.jpg").read_bytes()
    with Image.open(site / "photo.jpg") as image:
        assert image.size == (4, 4) and not image.getexif()
    assert not list(site.rglob("*.tmp"))
    assert b"script" in (docs / "images/logo.png").read_bytes()  # le fichier de l'éditeur n'est pas touché


def test_image_illisible_refusee_en_francais(tmp_path):
    docs, site = tmp_path / "docs", tmp_path / "site"
    docs.mkdir()
    (docs / "plan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"pas une image")
    with pytest.raises(ErreurDonnees) as erreur:
        _publier(docs, site)
    assert "docs/plan.png" in str(erreur.value) and "ne se lit pas" in str(erreur.value)
