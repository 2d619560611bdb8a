#!/bin/sh
# Makes the real-producer ZIP shapes that tests/docx_odd_test.cpp reads (DocxOddFixtures.*): the
# same five-part DOCX package zipped by four real writers. Run from anywhere; it rewrites the
# *.docx next to this script. Needs Info-ZIP zip 3.0, Python 3 and a JDK (javac).
#
#   plain.docx           zip -X -D                    classic ZIP, deflated, sizes in the local header
#   infozip-zip64.docx   zip -X -D -fz                ZIP64 extra fields in local and central headers,
#                                                     ZIP64 end of central directory record + locator
#   infozip-stream.docx  zip -X -D -fz- - (to a pipe) streamed: bit 3, PK\7\8 data descriptors
#                                                     (the uncompressed size, oddly, also in the local
#                                                     header). Not -fz here: zip 3.0 streaming with
#                                                     ZIP64 writes a 0xFFFFFFFF directory offset and no
#                                                     ZIP64 end record, an archive no reader should
#                                                     trust (unzip guesses, libzip refuses)
#   java-zos.docx        java.util.zip.ZipOutputStream  bit 3 + PK\7\8 data descriptors on deflated
#                                                     entries, one STORED entry ([Content_Types].xml)
#                                                     with its sizes up front (the jar/LibreOffice-like
#                                                     mix of stored and deflated entries)
#   python-zip64.docx    zipfile, ZipFile.open(..., force_zip64=True)  ZIP64 extra in local headers only
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pkg/_rels" "$work/pkg/word/_rels"
cat > "$work/pkg/[Content_Types].xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>
XML
cat > "$work/pkg/_rels/.rels" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
XML
cat > "$work/pkg/word/_rels/document.xml.rels" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
XML
cat > "$work/pkg/word/styles.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style></w:styles>
XML
cat > "$work/pkg/word/document.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:pPr><w:pStyle w:val="2"/></w:pPr><w:r><w:t>一、项目基本情况</w:t></w:r></w:p><w:p><w:r><w:t>项目资金165.69万元，执行率97.89%。</w:t></w:r></w:p><w:tbl><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/><w:gridCol w:w="2000"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>项目资金（万元）</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>年初预算数</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>全年执行数</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>165.69</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>162.19</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:sectPr/></w:body></w:document>
XML
names='[Content_Types].xml _rels/.rels word/_rels/document.xml.rels word/document.xml word/styles.xml'

cd "$work/pkg"
rm -f "$here/plain.docx" "$here/infozip-zip64.docx" "$here/infozip-stream.docx"
# shellcheck disable=SC2086
zip -q -X -D "$here/plain.docx" $names
# shellcheck disable=SC2086
zip -q -X -D -fz "$here/infozip-zip64.docx" $names
# shellcheck disable=SC2086
zip -q -X -D -fz- - $names | cat > "$here/infozip-stream.docx"

cat > "$work/Zos.java" <<'JAVA'
import java.io.*;
import java.nio.file.*;
import java.util.zip.*;
public class Zos {
  public static void main(String[] args) throws Exception {
    try (ZipOutputStream out = new ZipOutputStream(new FileOutputStream(args[0]))) {
      for (int i = 1; i < args.length; i++) {
        byte[] data = Files.readAllBytes(Paths.get(args[i]));
        ZipEntry e = new ZipEntry(args[i]);
        e.setTime(315532800000L);
        if (args[i].startsWith("[")) {  // stored: size and CRC must be known up front
          CRC32 crc = new CRC32();
          crc.update(data);
          e.setMethod(ZipEntry.STORED);
          e.setSize(data.length);
          e.setCrc(crc.getValue());
        }
        out.putNextEntry(e);
        out.write(data);
        out.closeEntry();
      }
    }
  }
}
JAVA
javac -d "$work" "$work/Zos.java"
# shellcheck disable=SC2086
java -cp "$work" Zos "$here/java-zos.docx" $names

python3 - "$here/python-zip64.docx" $names <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name in sys.argv[2:]:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(name, "rb") as f, z.open(info, "w", force_zip64=True) as out:
            out.write(f.read())
PY
