const color = new URLSearchParams(location.search).get('color');
if (color && /^[0-9a-f]{6}$/i.test(color)) document.documentElement.style.background = document.body.style.background = `#${color}`;
