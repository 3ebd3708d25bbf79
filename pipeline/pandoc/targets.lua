-- Run as `pandoc lua targets.lua`: reads a JSON list of Markdown texts on
-- standard input and writes, for each, every image and link pandoc reads in it
-- (reference images and links resolved, as pandoc resolves them), as JSON.
-- The Markdown dialect is the one pipeline/pandoc/job-reader.lua builds with,
-- so what is checked is exactly what would be built.
local MARKDOWN = "markdown-raw_attribute-raw_html-raw_tex-yaml_metadata_block-implicit_figures"

local texts = pandoc.json.decode(io.read("a"), false)
local out = {}
for index, text in ipairs(texts) do
  local found = {}
  pandoc.read(text, MARKDOWN):walk {
    Image = function(image)
      table.insert(found, { kind = "image", target = image.src, text = pandoc.utils.stringify(image.caption) })
    end,
    Link = function(link)
      table.insert(found, { kind = "link", target = link.target, text = pandoc.utils.stringify(link.content) })
    end,
  }
  -- an empty Lua table encodes as {}: an explicit list keeps the output one shape
  out[index] = #found > 0 and found or pandoc.List {}
end
io.write(pandoc.json.encode(out))
